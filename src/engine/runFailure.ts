/**
 * A run that fails must not affect the next one. This is what the session does with a failure
 * (anything but a rejected configuration or a bad data file, where nothing ran): it frees what the
 * run left in tfjs and in the helper threads, and tells the user in words, keeping the original
 * error in `detail` for a bug report.
 *
 * What a failure can leave behind, and who clears it:
 * - a GPU backend whose context or device was lost (`tfjs/gpuLoss.ts`): abandoned the same way,
 *   so the next run (or the resume from the last checkpoint) gets a new one;
 * - a WASM backend whose module trapped (every later call traps or blocks): abandoned for a fresh
 *   instance (`tfjs/afterFailure.ts`), by the training loop as soon as it sees the trap and again
 *   here for traps outside the loop;
 * - the failed run's model and optimizer, and tidy scopes left open: disposed and closed here;
 * - helper threads holding the run's network and predictor, possibly still busy with its last
 *   request or hung: reset, or replaced where they do not answer (`TrainHelper.reset`);
 * - the session's backend choice: forgotten by the session, so the next run picks and probes one
 *   afresh (a lost GPU context fails the probe and falls back).
 * The typed trainer's own WebAssembly instances and arenas belong to its network, which goes with
 * the run; the compiled modules are stateless.
 */
import * as tf from '@tensorflow/tfjs';
import { abandonGpuBackend, abandonWasmBackend, closeOpenScopes, disposeAbandonedVariables, isWasmTrap } from './tfjs/afterFailure';
import { isGpuLoss } from './tfjs/gpuLoss';
import type { TrainHelper } from './typed/shardedStep';

/** What the session hands over about the run that failed. */
export interface FailedRun {
  /** Frees the session's model and optimizer (the failed run's, or an older one). */
  disposeModel(): void;
  /** The helper threads the run may have given work to. */
  helpers: readonly TrainHelper[];
}

/**
 * Clears what a failed run left (see above). Never throws: each step runs even if another fails,
 * since a half-cleaned engine is still better for the next run than one not cleaned at all.
 */
export async function cleanUpAfterFailure(error: unknown, run: FailedRun): Promise<void> {
  const steps = [
    // First, so that freeing the model below never calls into a module that trapped.
    () => isWasmTrap(error) && abandonWasmBackend(),
    () => isGpuLoss(error) && abandonGpuBackend(),
    () => run.disposeModel(),
    () => closeOpenScopes(),
    () => disposeAbandonedVariables(),
  ];
  for (const step of steps) {
    try {
      step();
    } catch {
      // See the function's comment: the other steps still run.
    }
  }
  // Something must be active for tf.memory() until the next run picks again (abandoning WASM
  // leaves the CPU active; this is in case that failed).
  if (!tf.getBackend()) await tf.setBackend('cpu').catch(() => false);
  await Promise.all(run.helpers.map((h) => h.reset().catch(() => undefined)));
}

/** An error as the user sees it after a failed run, with the original kept for bug reports. */
export type RunFailure = Error & { detail: string };

const TRAP_TEXT =
  'the WebAssembly code stopped with a trap, which usually means a layer got a shape it cannot handle ' +
  '(a sequence pooled down to nothing, say) or the model does not fit in memory';

/** Lines of the original stack kept in `detail`: enough to find the kernel, short enough to paste. */
const STACK_LINES = 10;

/** "Training failed: … The next run starts fresh.", same `name` as the original, which is in `detail` and `cause`. */
export function runFailure(error: unknown): RunFailure {
  const original = error instanceof Error ? error : new Error(String(error));
  const what = isWasmTrap(original) ? `${TRAP_TEXT} (“${original.message}”)` : original.message.replace(/\.$/, '');
  const failure = new Error(`Training failed: ${what}. The next run starts fresh.`, { cause: original }) as RunFailure;
  failure.name = original.name;
  failure.detail = [`${original.name}: ${original.message}`, ...(original.stack?.split('\n').slice(1, 1 + STACK_LINES) ?? [])].join('\n');
  return failure;
}
