/**
 * A GPU can be taken away mid-run: a driver reset, the browser reclaiming the GPU from a
 * background tab, too many GPU tabs, the machine sleeping. WebGL then loses its context (every
 * call does nothing, reads give zeros) and WebGPU its device. tfjs does not say so: a step may
 * throw a shader error, or return zeros or NaN as if the model had diverged. This watches the
 * active backend so the run fails with the real reason, and so no checkpoint is written from
 * zeros read back from a dead context: the last good checkpoint is what a resume continues from.
 */
import * as tf from '@tensorflow/tfjs';

/** What tfjs' GPU backends expose of their context (the WebGL context, the WebGPU device). */
interface GpuBackendParts {
  gpgpu?: {
    gl?: {
      isContextLost(): boolean;
      canvas?: {
        addEventListener?(type: 'webglcontextlost', listener: () => void): void;
        removeEventListener?(type: 'webglcontextlost', listener: () => void): void;
      };
    };
  };
  device?: { lost?: Promise<{ message?: string; reason?: string }> };
}

export interface GpuLossWatch {
  /** The error that says the GPU was lost, or null while it is there. */
  lost(): GpuLostError | null;
  /**
   * `work`, failing with the loss if the GPU is lost first: tfjs waits for a lost WebGL context's
   * results for ever (its fence never signals), so a step or a prediction in flight would never
   * end. If `work` fails, it fails with the loss when the GPU turns out lost within
   * `LOSS_GRACE_MS` (a destroyed WebGPU device fails a pending read with an AbortError a task
   * before its `lost` promise settles), else with its own error.
   */
  guard<T>(work: Promise<T>): Promise<T>;
  /** Stops listening (the context outlives the run: one listener per run would pile up). */
  stop(): void;
}

/**
 * How long a failure waits for the GPU to say it was lost: once, on an error, so never in a healthy
 * run. A task apart on an idle machine, but a loaded 2-core one (CI, a busy laptop) was seen to
 * settle WebGPU's `lost` more than 250 ms after the AbortError, and the run then failed with the
 * raw "mapAsync … unmapped" text instead of offering Resume; a real error waits this long once.
 */
export const LOSS_GRACE_MS = 2000;

/** A run's GPU went away under it. The session abandons the backend instance (see `afterFailure.ts`). */
export class GpuLostError extends Error {
  constructor(backend: string, detail: string) {
    super(
      `the GPU stopped answering: ${backend}'s ${backend === 'WebGPU' ? 'device' : 'context'} was lost (${detail}). ` +
        'This happens when the driver resets or the browser takes the GPU back. Resume continues from the last epoch saved',
    );
    this.name = 'GpuLostError';
  }
}

/** Whether `e` says the GPU was lost (also across a worker boundary, where only the name survives). */
export function isGpuLoss(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'GpuLostError';
}

/** Watches `backend` (the active one by default); a CPU or WASM backend is never lost. */
export function watchGpuLoss(backend: tf.KernelBackend = tf.backend()): GpuLossWatch {
  const parts = backend as unknown as GpuBackendParts;
  let lostError: GpuLostError | null = null;
  let announce: (e: GpuLostError) => void = () => undefined;
  const announced = new Promise<never>((_, reject) => (announce = reject));
  // Nobody may be racing when it comes: not an unhandled rejection.
  announced.catch(() => undefined);
  const lose = (e: GpuLostError) => {
    lostError ??= e;
    announce(lostError);
  };
  const gl = parts.gpgpu?.gl;
  const device = parts.device;
  const onContextLost = () => lose(new GpuLostError('WebGL', 'the webglcontextlost event'));
  if (gl) {
    gl.canvas?.addEventListener?.('webglcontextlost', onContextLost);
  } else if (device?.lost) {
    void device.lost.then((info) => lose(new GpuLostError('WebGPU', info.message || info.reason || 'device.lost resolved')));
  }
  // A WebGL context reads as lost at once, a task before its event.
  const lost = () => lostError ?? (gl?.isContextLost() ? new GpuLostError('WebGL', 'isContextLost() is true') : null);
  return {
    lost,
    stop: () => gl?.canvas?.removeEventListener?.('webglcontextlost', onContextLost),
    async guard(work) {
      if (!gl && !device?.lost) return work;
      try {
        return await Promise.race([work, announced]);
      } catch (error) {
        const grace = new Promise<void>((resolve) => setTimeout(resolve, LOSS_GRACE_MS));
        await Promise.race([grace, announced.catch(() => undefined)]);
        throw lost() ?? error;
      }
    },
  };
}
