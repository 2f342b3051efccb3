/**
 * The GPU self-test page (`gpu-check.html?backend=webgl|webgpu|cpu`): forces that tfjs backend,
 * runs `runGpuKernelCheck` (every shader we ship against the plain-TypeScript references) and
 * shows the result as a table. The result also lands on `window.gpuCheck`, which the Playwright
 * spec `e2e/gpu-kernels.spec.ts` reads.
 *
 * Unlike the app's backend selection, this never skips a software GPU (SwiftShader, WebGPU's
 * fallback adapter): in CI that is the only GPU there is, and the shaders must still be right.
 */
import * as tf from '@tensorflow/tfjs';
import { KERNEL_TOLERANCE } from '../engine/reference/tolerance';
import { runGpuKernelCheck, type GpuKernelReport } from '../engine/tfjs/gpuKernelCheck';

/** What the GPU (or its emulation) is, as far as the browser says. */
export interface GpuDevice {
  description: string;
  /** SwiftShader, llvmpipe, WebGPU's fallback adapter: a CPU pretending to be a GPU. */
  software: boolean;
}

/** The page's state, as `window.gpuCheck`. */
export interface GpuCheckPage {
  backend: string;
  /** 'unavailable': the backend cannot start here (no adapter, no WebGL); 'error': the harness itself broke. */
  state: 'running' | 'done' | 'unavailable' | 'error';
  /** Why it is unavailable or broke. */
  reason?: string;
  device?: GpuDevice;
  report?: GpuKernelReport;
  /** WebGPU errors the device reported asynchronously (WGSL that failed to compile, a lost device). */
  gpuErrors: string[];
  /** Everything matched and the GPU reported no error. */
  ok: boolean;
}

declare global {
  interface Window {
    gpuCheck?: GpuCheckPage;
  }
}

const BACKENDS = ['webgl', 'webgpu', 'cpu'] as const;
type CheckedBackend = (typeof BACKENDS)[number];

/** Renderer names of software rasterisers (the app's backend selection uses the same test). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

interface AdapterLike {
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
  isFallbackAdapter?: boolean;
}
interface DeviceLike {
  addEventListener(type: 'uncapturederror', listener: (e: { error: { message: string } }) => void): void;
  lost: Promise<{ message: string }>;
}

/** The adapter tfjs-webgpu will get: it asks with the same options (high-performance). */
async function webgpuDevice(): Promise<GpuDevice | null> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(o: object): Promise<AdapterLike | null> } }).gpu;
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const software = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter);
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return { description: `${description}${software ? ' (fallback adapter)' : ''}`, software };
}

function webglDevice(): GpuDevice {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (!gl) return { description: 'unknown', software: false };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return { description: renderer, software: SOFTWARE_RENDERER.test(renderer) };
}

/** Makes `backend` active; the device, or why it cannot start. */
async function startBackend(backend: CheckedBackend, gpuErrors: string[]): Promise<GpuDevice | string> {
  let device: GpuDevice = { description: 'CPU', software: true };
  if (backend === 'webgpu') {
    const found = await webgpuDevice();
    if (!found) return 'navigator.gpu gave no adapter (Chromium needs --enable-unsafe-webgpu on Linux)';
    device = found;
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  // setBackend resolves false (or throws) when the backend cannot initialise: check the boolean.
  const ok = await tf.setBackend(backend).catch(() => false);
  if (!ok) return `tf.setBackend('${backend}') failed`;
  await tf.ready();
  if (backend === 'webgl') device = webglDevice();
  if (backend === 'webgpu') {
    const gpuDevice = (tf.backend() as unknown as { device: DeviceLike }).device;
    gpuDevice.addEventListener('uncapturederror', (e) => gpuErrors.push(e.error.message));
    void gpuDevice.lost.then((info) => gpuErrors.push(`device lost: ${info.message}`));
  }
  return device;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

const fmt = (v: number): string => (Number.isFinite(v) ? (v === 0 ? '0' : v.toExponential(1)) : '∞');

function statusLine(page: GpuCheckPage): string {
  switch (page.state) {
    case 'running': return `Checking the kernels on ${page.backend}…`;
    case 'unavailable': return `${page.backend} is not available here: ${page.reason}.`;
    case 'error': return `The check itself failed: ${page.reason}`;
    case 'done': {
      const r = page.report!;
      const failed = r.kernels.filter((k) => !k.ok).length;
      return page.ok
        ? `All ${r.kernels.length} kernels match the reference on ${page.backend} (${(r.ms / 1000).toFixed(1)} s).`
        : `${failed} of ${r.kernels.length} kernels differ from the reference on ${page.backend}.`;
    }
  }
}

function render(page: GpuCheckPage): void {
  const root = document.getElementById('gpu-check')!;
  root.replaceChildren();
  const nav = el('p', 'Backend: ');
  for (const b of BACKENDS) {
    nav.append(b === page.backend ? el('strong', b) : el('a', b, { href: `?backend=${b}` }), ' ');
  }
  root.append(el('h1', 'GPU kernel self-test'), nav);
  root.append(el('p', statusLine(page), { 'data-testid': 'gpuCheck.status', 'data-state': page.state, class: page.state === 'done' ? (page.ok ? 'ok' : 'bad') : '' }));
  if (page.device) root.append(el('p', `Device: ${page.device.description}${page.device.software ? ' — software emulation' : ''}`, { 'data-testid': 'gpuCheck.device' }));
  const report = page.report;
  if (!report) return;
  const table = el('table', undefined, { 'data-testid': 'gpuCheck.table' });
  const head = el('tr');
  for (const h of ['Kernel', 'Cases', 'Worst error (relative)', 'Worst / tolerance', 'Result', 'ms']) head.append(el('th', h));
  table.append(head);
  for (const k of report.kernels) {
    const tr = el('tr', undefined, { 'data-testid': 'gpuCheck.row', 'data-kernel': k.kernel, 'data-ok': String(k.ok) });
    tr.append(el('td', k.kernel), el('td', String(k.cases)), el('td', fmt(k.worstError)), el('td', fmt(k.worstRatio)),
      el('td', k.ok ? 'pass' : 'FAIL', { class: k.ok ? 'ok' : 'bad' }), el('td', k.ms.toFixed(0)));
    table.append(tr);
  }
  const { rtol, atolFraction } = KERNEL_TOLERANCE;
  root.append(table, el('p', `Tolerance: |got − want| ≤ ${rtol}·|want| + ${atolFraction}·max|want|. Tensors leaked: ${report.leakedTensors}.`));
  const problems = [...report.kernels.flatMap((k) => k.failures.map((f) => `${k.kernel}: ${f}`)), ...page.gpuErrors.map((e) => `GPU error: ${e}`)];
  if (problems.length) {
    const list = el('ul', undefined, { 'data-testid': 'gpuCheck.failures' });
    for (const p of problems) list.append(el('li', p));
    root.append(list);
  }
}

async function main(): Promise<void> {
  const asked = new URLSearchParams(location.search).get('backend') ?? 'webgl';
  const page: GpuCheckPage = { backend: asked, state: 'running', gpuErrors: [], ok: false };
  window.gpuCheck = page;
  render(page);
  try {
    if (!(BACKENDS as readonly string[]).includes(asked)) throw new Error(`unknown backend '${asked}' (use ${BACKENDS.join(', ')})`);
    const device = await startBackend(asked as CheckedBackend, page.gpuErrors);
    if (typeof device === 'string') {
      Object.assign(page, { state: 'unavailable', reason: device });
    } else {
      page.device = device;
      page.report = await runGpuKernelCheck();
      // Let an asynchronous WebGPU error about the last dispatches arrive before judging.
      await new Promise((resolve) => setTimeout(resolve, 50));
      Object.assign(page, { state: 'done', ok: page.report.ok && page.gpuErrors.length === 0 });
    }
  } catch (e) {
    Object.assign(page, { state: 'error', reason: e instanceof Error ? e.message : String(e) });
  }
  render(page);
}

void main();
