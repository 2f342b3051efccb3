/**
 * What tfjs keeps after a run fails, and how to get rid of it so the next run starts clean.
 *
 * - A WebAssembly trap (`WebAssembly.RuntimeError`, e.g. "memory access out of bounds" from the
 *   WASM backend's MaxPool over a sequence pooled down to zero steps) aborts the module in the
 *   middle of whatever it was doing. Its heap may be corrupt and, in the threaded build, a lock
 *   may stay held for ever, so every later call into it (even freeing a tensor) traps again or
 *   blocks the thread. Measured here: after one trap, every tensor write on the same backend
 *   trapped ("memory access out of bounds" in `register_tensor`), so every later run failed.
 *   `abandonWasmBackend` makes sure nothing calls into that module again and registers a fresh
 *   one (a new WebAssembly instance and memory) for the next `tf.setBackend('wasm')`.
 * - A lost GPU context or device (`gpuLoss.ts`) leaves a WebGL or WebGPU backend that does
 *   nothing and reads back zeros: `abandonGpuBackend` replaces it the same way.
 * - A failure inside `tf.tidy` whose clean-up fails too leaves that scope open, so every later
 *   tensor is tracked by a scope that never ends; a failure in a forward pass under
 *   `tf.variableGrads` leaks the tensors it saved for the backward pass. `closeOpenScopes` ends
 *   the scopes and frees those tensors.
 */
import * as tf from '@tensorflow/tfjs';

/** Whether `e` (or an error it wraps as `cause`) is a WebAssembly trap. */
export function isWasmTrap(e: unknown): boolean {
  for (let at = e, depth = 0; at && typeof at === 'object' && depth < 5; at = (at as { cause?: unknown }).cause, depth++) {
    if (typeof WebAssembly !== 'undefined' && at instanceof WebAssembly.RuntimeError) return true;
    // Across realms (an error rebuilt from a worker message) only the name survives.
    if ((at as { name?: unknown }).name === 'RuntimeError') return true;
  }
  return false;
}

const ABANDONED = new Error('This backend was abandoned after a failure it cannot recover from; its tensors are gone.');
const gone = (): never => {
  throw ABANDONED;
};

/** Backend instances put out of use by `quarantine`. */
const abandoned = new WeakSet<tf.KernelBackend>();

/**
 * Makes the backend instance inert: freeing one of its tensors only forgets it (its memory goes
 * whole with the instance), anything else throws, and nothing calls into its module any more.
 */
function quarantine(backend: tf.KernelBackend): void {
  abandoned.add(backend);
  // tfjs' WebGL backends share one cache of compiled programs per WebGL version, across instances:
  // the next instance would run a dead context's programs (measured: wrong gradients, caught by the
  // probe) unless it is emptied. The stock dispose would empty it, but it is replaced below.
  const programs = (backend as unknown as { binaryCache?: Record<string, unknown> }).binaryCache;
  for (const key of Object.keys(programs ?? {})) delete programs![key];
  const threads = (backend as unknown as { wasm?: { PThread?: { terminateAllThreads(): void } } }).wasm?.PThread;
  Object.assign(backend, {
    disposeData: () => true,
    incRef: () => undefined,
    // The stock dispose calls into the module first; only its threads are worth stopping.
    dispose: () => threads?.terminateAllThreads(),
    read: gone, readSync: gone, write: gone, move: gone, makeOutput: gone, typedArrayFromHeap: gone,
  });
}

/**
 * Puts the active backend's instance out of use (see `quarantine`) and registers the same factory
 * again, so the next `tf.setBackend(name)` builds a fresh one (a new WebAssembly module and
 * memory, or a new WebGL context or WebGPU device). The CPU backend is active afterwards, until a
 * run picks one again. Tensors on the old instance are still to be disposed by their owners,
 * which now costs nothing (`disposeAbandonedVariables` catches the variables nobody owns any more).
 */
function abandonActiveBackend(): boolean {
  const engine = tf.engine();
  const name = engine.backendName;
  const instance = engine.registry[name];
  const entry = engine.registryFactory[name];
  if (!instance || !entry) return false;
  quarantine(instance);
  tf.removeBackend(name);
  tf.registerBackend(name, entry.factory, entry.priority);
  // With none active, the next tfjs call would start the highest-priority backend itself, and fail
  // while that initialises. The CPU backend initialises without awaiting anything, so this
  // switch is done when the call returns.
  void tf.setBackend('cpu');
  return true;
}

/** After a WebAssembly trap: abandons the active backend if it is WASM. Returns whether it did; idempotent. */
export function abandonWasmBackend(): boolean {
  return tf.engine().backendName === 'wasm' && abandonActiveBackend();
}

/**
 * After a lost GPU (`gpuLoss.ts`): abandons the active backend if it is WebGL or WebGPU, whose
 * context or device is dead; tfjs would keep using it. Returns whether it did; idempotent.
 */
export function abandonGpuBackend(): boolean {
  const name = tf.engine().backendName;
  return (name === 'webgl' || name === 'webgpu') && abandonActiveBackend();
}

/**
 * Disposes the variables still registered on an abandoned backend: those of a model nobody holds
 * any more (one whose build failed half-way, say). Call it after the owners have disposed theirs:
 * tfjs-layers refuses to dispose a model whose variables were disposed under it. Returns how many.
 */
export function disposeAbandonedVariables(): number {
  const { state } = tf.engine();
  let count = 0;
  for (const v of Object.values(state.registeredVariables)) {
    const backend = state.tensorInfo.get(v.dataId)?.backend;
    if (backend && abandoned.has(backend)) {
      v.dispose();
      count++;
    }
  }
  return count;
}

/**
 * Ends every tidy scope still open and frees the gradient tape of a backward pass that never ran
 * (tfjs keeps the tensors a forward pass saves for it out of every scope, and frees them only at
 * the end of that pass: a failure in between leaks them, 14 tensors for imdb-seq-cnn). Only for
 * between runs, when nothing can legitimately be open (neither spans an await). Returns how many
 * scopes were open.
 */
export function closeOpenScopes(): number {
  const state = tf.engine().state;
  for (const node of state.activeTape ?? []) {
    for (const saved of node.saved ?? []) saved.dispose();
  }
  state.activeTape = null as unknown as typeof state.activeTape;
  const open = state.scopeStack.length;
  while (state.scopeStack.length > 0) {
    try {
      tf.engine().endScope();
    } catch {
      // Its tensors could not be freed (a broken backend): drop the scope without them.
      state.scopeStack.pop();
      state.activeScope = state.scopeStack[state.scopeStack.length - 1] ?? null;
    }
  }
  state.kernelDepth = 0;
  state.gradientDepth = 0;
  return open;
}
