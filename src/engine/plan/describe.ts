/**
 * A plan in words, for someone who knows Keras rather than our internals: the badge's label and
 * reason come from here, with the technical details (kernels, backends) kept for the popup.
 * Light on imports, so the UI can use it without pulling in the engine.
 */
import type { BackendChoice } from '../../config/hyperparams';
import type { KernelKind } from '../typed/kernels';
import type { CandidateReport, Plan, PlanCandidate } from '../types';

const BACKEND_TEXT: { readonly [B in BackendChoice]: string } = {
  webgpu: 'the GPU (WebGPU)',
  webgl: 'the GPU (WebGL)',
  wasm: 'the CPU (WebAssembly)',
  cpu: 'the CPU (plain JavaScript)',
  auto: 'the first backend that passes its check',
};

/** How the typed trainer's products run, by kernel kind. */
export const KERNEL_TEXT: { readonly [K in KernelKind]: string } = {
  'wasm-relaxed-simd': 'WebAssembly with relaxed SIMD',
  'wasm-simd': 'WebAssembly with SIMD',
  js: 'JavaScript loops (this browser has no WebAssembly SIMD)',
};

/** What a candidate is, as a stable string (to match remembered timings to today's candidates). */
export const candidateKey = (c: PlanCandidate): string => (c.trainer === 'typed' ? `typed×${c.threads}` : `${c.trainer}@${c.backend}`);

const threadsText = (n: number): string => `${n} thread${n === 1 ? '' : 's'}`;

/** One candidate in a few words, e.g. "CPU, 2 threads" or "GPU (WebGPU), TensorFlow.js". */
export function describeCandidate(c: PlanCandidate): string {
  if (c.trainer === 'typed') return `our CPU trainer on ${threadsText(c.threads)}`;
  const lstm = c.trainer === 'layers' ? ', with TensorFlow.js’ own LSTM layer' : '';
  return `TensorFlow.js on ${BACKEND_TEXT[c.backend]}${lstm}`;
}

const ms = (r: CandidateReport): string => (r.msPerStep === undefined ? (r.problem ? 'failed' : 'not timed') : `${r.msPerStep.toFixed(1)} ms`);

/** The sentence saying why this plan; `notes` add what was ruled out. */
export function describePlan(plan: Pick<Plan, 'candidate' | 'basis' | 'candidates' | 'kernels'>, notes: readonly string[] = []): string {
  const what = describeCandidate(plan.candidate);
  const key = candidateKey(plan.candidate);
  const others = plan.candidates.filter((r) => candidateKey(r.candidate) !== key);
  const chosen = plan.candidates.find((r) => candidateKey(r.candidate) === key);
  const against = others.map((r) => `${ms(r)} for ${describeCandidate(r.candidate)}`).join(', ');
  const timing = chosen?.msPerStep !== undefined ? ` (${ms(chosen)} per training step, against ${against})` : '';
  const text = {
    only: `Trains with ${what}: the only way this device offers for this model${plan.candidate.trainer === 'typed' ? ' (no GPU that the browser can use well was found)' : ''}.`,
    asked: `Trains with ${what}, as the settings ask.`,
    measured: `Trains with ${what}: the fastest of the ${plan.candidates.length} ways timed on this model${timing}.`,
    remembered: `Trains with ${what}: the fastest when this model was timed on this device before${timing}.`,
  }[plan.basis];
  return [text, ...notes].join(' ');
}
