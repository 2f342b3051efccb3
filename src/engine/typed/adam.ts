/**
 * Adam over the arena's weights, the update `tf.train.adam(learningRate)` makes (β1 0.9,
 * β2 0.999, ε 1e-7, the float32 backends' epsilon):
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
 *   w ← w − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε)
 * (ε added to the bias-corrected √v: tfjs' form, which differs from Keras' by a rescaled ε).
 * The moments live in the arena next to the weights; the kernel does the arithmetic.
 */
import type { Allocator, TypedKernels } from './kernels';

/** Adam's moments and step count: what, with the weights, continues a run exactly. */
export interface AdamState {
  m: Float32Array[];
  v: Float32Array[];
  accBeta1: number;
  accBeta2: number;
}

export class TypedAdam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  /** β1ᵗ and β2ᵗ; tfjs starts them at β and multiplies after each step. */
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    private readonly weights: readonly Float32Array[],
    private readonly grads: readonly Float32Array[],
    alloc: Allocator,
    private readonly kernels: TypedKernels,
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    this.m = weights.map((w) => alloc.alloc(w.length));
    this.v = weights.map((w) => alloc.alloc(w.length));
    this.accBeta1 = beta1;
    this.accBeta2 = beta2;
  }

  /** A copy of the moments and step count. */
  state(): AdamState {
    return { m: this.m.map((a) => a.slice()), v: this.v.map((a) => a.slice()), accBeta1: this.accBeta1, accBeta2: this.accBeta2 };
  }

  /** Continues from a saved `state()` (same shapes). */
  setState(s: AdamState): void {
    if (s.m.length !== this.m.length || s.m.some((a, k) => a.length !== this.m[k].length)) throw new Error('The optimizer state does not fit this model.');
    s.m.forEach((a, k) => this.m[k].set(a));
    s.v.forEach((a, k) => this.v[k].set(a));
    this.accBeta1 = s.accBeta1;
    this.accBeta2 = s.accBeta2;
  }

  /** One update of every weight from its gradient. */
  step(): void {
    const step = this.learningRate / (1 - this.accBeta1), inv2 = 1 / (1 - this.accBeta2);
    for (let k = 0; k < this.weights.length; k++) {
      const w = this.weights[k];
      this.kernels.adam(w, this.grads[k], this.m[k], this.v[k], w.length, this.beta1, this.beta2, step, inv2, this.epsilon);
    }
    this.accBeta1 *= this.beta1;
    this.accBeta2 *= this.beta2;
  }
}
