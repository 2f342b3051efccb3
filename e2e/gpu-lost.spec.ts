/**
 * A GPU taken away mid-run (a driver reset, the browser reclaiming it): the run stops saying so,
 * the last checkpoint is offered, and resuming finishes the run on a fresh GPU context or device.
 * The loss is real: the spec records the WebGL contexts or WebGPU devices the training worker
 * creates from the moment the page has started it (tfjs creates its own at the click), and loses
 * them once a checkpoint is saved, through `WEBGL_lose_context` or `GPUDevice.destroy()`.
 * The GPU here is SwiftShader's (`gpuFlags.ts`), slow but real.
 */
import { expect, test, type Worker } from '@playwright/test';
import { gpuLaunchOptions } from './gpuFlags';
import { LabPage } from './pages/LabPage';

test.use({ launchOptions: gpuLaunchOptions });

/** The training worker, once the page has started it (ahead of the click). */
async function trainingWorker(lab: LabPage): Promise<Worker> {
  await expect.poll(() => lab.page.workers().some((w) => w.url().includes('training.worker'))).toBe(true);
  return lab.page.workers().find((w) => w.url().includes('training.worker'))!;
}

/** How the spec records the worker's GPU handles and then loses them, per backend. */
const LOSERS = {
  webgl: {
    words: "WebGL's context was lost",
    install: () => {
      const contexts: WebGL2RenderingContext[] = [];
      const getContext = OffscreenCanvas.prototype.getContext as (this: OffscreenCanvas, kind: string, options?: unknown) => unknown;
      OffscreenCanvas.prototype.getContext = function (this: OffscreenCanvas, kind: string, options?: unknown) {
        const context = getContext.call(this, kind, options);
        if (context && kind === 'webgl2') contexts.push(context as WebGL2RenderingContext);
        return context;
      } as typeof OffscreenCanvas.prototype.getContext;
      (self as unknown as { loseGpu: () => number }).loseGpu = () => {
        for (const gl of contexts) gl.getExtension('WEBGL_lose_context')?.loseContext();
        return contexts.length;
      };
    },
  },
  webgpu: {
    words: "WebGPU's device was lost",
    install: () => {
      const devices: GPUDevice[] = [];
      const requestDevice = GPUAdapter.prototype.requestDevice;
      GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
        const device = await requestDevice.call(this, descriptor);
        devices.push(device);
        return device;
      };
      (self as unknown as { loseGpu: () => number }).loseGpu = () => {
        for (const device of devices) device.destroy();
        return devices.length;
      };
    },
  },
} as const;

for (const backend of ['webgl', 'webgpu'] as const) {
  test(`a lost ${backend} GPU mid-run: a clear message, then Resume finishes the run on a new one`, async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open(`tutorial=trend&samples=192&epochs=3&seed=4&backend=${backend}&trainer=layers`);
    const worker = await trainingWorker(lab);
    await worker.evaluate(LOSERS[backend].install);

    await lab.train();
    await expect(lab.id('plan.badge')).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
    const first = await lab.id('plan.badge').textContent();
    expect(await lab.id('plan.badge').getAttribute('data-backend'), `the run's plan: ${first}`).toBe(backend);
    await expect.poll(() => lab.savedCheckpointEpoch(), { timeout: 120_000 }).toBeGreaterThan(0);
    expect(await worker.evaluate(() => (self as unknown as { loseGpu: () => number }).loseGpu())).toBeGreaterThan(0);

    await lab.waitForState('error');
    await expect(lab.id('run.error')).toContainText(`the GPU stopped answering: ${LOSERS[backend].words}`);
    const saved = await lab.savedCheckpointEpoch();
    await expect(lab.id('resume.banner')).toContainText(new RegExp(`epoch ${saved} of 3`));

    await lab.id('resume.start').click();
    await lab.waitForState('done', 180_000);
    // A fresh context or device, checked by the backend probe like the first one.
    const plan = await lab.id('plan.badge').textContent();
    expect(await lab.id('plan.badge').getAttribute('data-backend'), `the resumed run's plan: ${plan}`).toBe(backend);
    await lab.waitForPoints('chart.loss', 3);
    expect(await lab.points('chart.loss')).toBe(3);
    await expect(lab.id('eval.result')).toHaveAttribute('data-accuracy', /^(0\.\d+|1)$/);
    expect(await lab.savedCheckpointEpoch()).toBe(0);
  });
}
