/**
 * Every GPU kernel we ship (the fused LSTM's GLSL and WGSL, our UnsortedSegmentSum shaders),
 * checked against the plain-TypeScript references by the self-test page `gpu-check.html`, on
 * WebGL and on WebGPU. Fails on any mismatch.
 *
 * Which GPU, by flags (found on Debian's Chromium 156, headless, on a machine without a GPU):
 * - Default (CI, no GPU): software. `--enable-unsafe-webgpu` is the one flag WebGPU needs; then
 *   `navigator.gpu.requestAdapter()` returns SwiftShader's fallback adapter (vendor google,
 *   architecture swiftshader, isFallbackAdapter true), with or without `forceFallbackAdapter`, so
 *   tfjs-webgpu's own adapter request gets it; without the flag it resolves null. WebGL runs on
 *   ANGLE over SwiftShader's Vulkan with no flag. `--use-angle=swiftshader` and
 *   `--use-webgpu-adapter=swiftshader` pin both to SwiftShader even where a GPU exists, and
 *   `--enable-unsafe-swiftshader` keeps WebGL's SwiftShader fallback, which newer Chromium only
 *   allows with it.
 * - `GPU_CHECK_REAL=1` (`npm run check:gpu`, on a machine with a GPU): those are dropped for the
 *   usual recipe for a hardware GPU in headless Chromium on Linux (Vulkan ANGLE, no surface, no
 *   blocklist), and the page must report a hardware device. Not tried here: no GPU was lent.
 *   (Without a GPU, `--use-angle=vulkan` leaves tfjs no WebGL context: it asks for
 *   `failIfMajorPerformanceCaveat`, see shared TFJS-NOTES.)
 *
 * The last test starts a small run forced onto WebGPU in the app itself, so the backend choice
 * (our kernels' check and the correctness probe, in the training worker) is covered on WebGPU too.
 *
 * A backend that cannot start fails the test under CI or GPU_CHECK_REAL=1, and is skipped with a
 * message elsewhere.
 */
import { expect, test } from '@playwright/test';
import type { GpuCheckPage } from '../src/gpuCheck/main';
import { gpuLaunchOptions, REAL_GPU as REAL } from './gpuFlags';

const MUST_RUN = Boolean(process.env.CI) || REAL;

test.use({ launchOptions: gpuLaunchOptions });

/** The rows each backend's report must have: every kernel we ship there, in the harness's order. */
const SHIPPED = {
  webgl: ['FusedLstmCellForward', 'FusedLstmCellBackward', 'FusedLstmUnpack', 'fusedLstm (steps)', 'UnsortedSegmentSum'],
  webgpu: ['FusedLstmCellForward', 'FusedLstmCellBackward', 'fusedLstm (steps)', 'UnsortedSegmentSum'],
} as const;

for (const backend of ['webgl', 'webgpu'] as const) {
  test(`${backend}: every kernel we ship matches the reference`, async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`gpu-check.html?backend=${backend}`);
    await page.waitForFunction(() => window.gpuCheck !== undefined && window.gpuCheck.state !== 'running', undefined, { timeout: 100_000 });
    const result = (await page.evaluate(() => window.gpuCheck)) as GpuCheckPage;

    if (result.state === 'unavailable') {
      if (MUST_RUN) throw new Error(`${backend} cannot start ${REAL ? 'with GPU_CHECK_REAL=1' : 'in CI'}: ${result.reason}`);
      test.skip(true, `${backend} cannot start here (${result.reason}); with CI or GPU_CHECK_REAL=1 set this fails`);
    }
    expect(result.state, result.reason).toBe('done');
    const report = result.report!;
    const summary = report.kernels.map((k) => `${k.kernel}: ${k.cases} cases, worst ${k.worstRatio.toPrecision(2)}× tolerance, ${k.ok ? 'pass' : 'FAIL'}`);
    test.info().annotations.push({ type: 'device', description: result.device?.description ?? '?' }, { type: 'kernels', description: summary.join('; ') });
    if (REAL) expect(result.device?.software, `GPU_CHECK_REAL=1, yet ${backend} runs on ${result.device?.description}`).toBe(false);

    expect(report.backend).toBe(backend);
    expect(report.kernels.map((k) => k.kernel)).toEqual(SHIPPED[backend]);
    expect(report.kernels.flatMap((k) => k.failures.map((f) => `${k.kernel}: ${f}`))).toEqual([]);
    expect(result.gpuErrors).toEqual([]);
    expect(report.leakedTensors).toBe(0);
    expect(result.ok).toBe(true);
    expect(pageErrors).toEqual([]);
    // The page shows the same verdict a person opening it would read.
    await expect(page.getByTestId('gpuCheck.row')).toHaveCount(SHIPPED[backend].length);
    await expect(page.locator('[data-testid="gpuCheck.row"][data-ok="false"]')).toHaveCount(0);
  });
}
