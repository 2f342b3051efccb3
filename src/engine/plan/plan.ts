/**
 * The plan: the one place that decides who trains a run. From the model, the hyperparameters and
 * what this device has, it lists the candidates (`candidatesFor`): the typed trainer on this
 * CPU's threads, and tfjs with the fused LSTM on each real GPU backend. With more than one, it
 * times a few real steps of each (`timeSteps`, within `MEASURE_BUDGET_MS` in all), keeps the
 * fastest, and remembers the timings per model shape and device, so the next visit starts at once.
 * There is no threshold about GPUs anywhere: only measurements.
 */
import type { BackendChoice, HyperParams, TfjsTrainerKind } from '../../config/hyperparams';
import { maskedInputs } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import type { KernelKind } from '../typed/kernels';
import { typedTrainerSupport } from '../typed/support';
import type { CandidateReport, Plan, PlanBasis, PlanCandidate } from '../types';
import { candidateKey, describePlan } from './describe';
import { trainingThreads } from './threads';

/** A GPU backend of tfjs on real hardware (a software adapter is a CPU pretending, so it is not listed). */
export interface GpuDevice {
  backend: 'webgpu' | 'webgl';
  /** The adapter or renderer, e.g. "nvidia ampere" or "ANGLE (NVIDIA …)". */
  description: string;
}

/** What this device offers a run. */
export interface Devices {
  gpus: readonly GpuDevice[];
  /** Helper threads that can take shards of the typed trainer's batches. */
  helpers: number;
  /** The typed trainer's best kernels here. */
  kernels: KernelKind;
  /** Names this device in remembered timings (browser, GPU, cores). */
  key: string;
}

/** All candidates together get about this long to be timed (warm-ups aside, which run regardless). */
export const MEASURE_BUDGET_MS = 1500;

/** Remembered timings, by model shape and device. */
export interface PlanMemory {
  get(key: string): Promise<CandidateReport[] | undefined>;
  set(key: string, reports: CandidateReport[]): Promise<void>;
}

/** Timings kept for the life of the session (Node, tests, a browser without IndexedDB). */
export function inMemoryPlanMemory(): PlanMemory {
  const kept = new Map<string, CandidateReport[]>();
  return {
    get: async (key) => kept.get(key),
    set: async (key, reports) => {
      kept.set(key, reports);
    },
  };
}

/** The model's shape and batch size: what a timing depends on besides the device. */
export const modelKey = (spec: ModelSpec, batchSize: number): string => JSON.stringify({ spec, batchSize });

/**
 * Why the fused LSTM cannot train this model's LSTMs, or null. It reads no step mask and runs one
 * way, so an LSTM reading the mask of `Embedding(mask_zero=True)`, or inside a Bidirectional, is
 * tfjs-layers' own whatever the run asks (`lstmFactoryTakes`, `../tfjs/buildModel.ts`, builds
 * them so): such a model trains on tfjs as `layers`, and the badge says so.
 */
export function fusedLstmProblem(spec: ModelSpec): string | null {
  const masked = maskedInputs(spec);
  if (spec.layers.some((l, i) => l.kind === 'lstm' && masked[i])) return 'its LSTM reads the mask of Embedding(mask_zero=True)';
  if (spec.layers.some((l) => l.kind === 'bidirectional' && l.layer.kind === 'lstm')) return 'its LSTM is inside a Bidirectional';
  return null;
}

/** The candidates for a run, and notes on what was ruled out. */
export function candidatesFor(
  spec: ModelSpec, hp: Pick<HyperParams, 'trainer' | 'backend' | 'batchSize'>, devices: Devices,
): { candidates: PlanCandidate[]; notes: string[] } {
  const unsupported = typedTrainerSupport(spec);
  const typed: PlanCandidate = { trainer: 'typed', threads: trainingThreads(spec, hp.batchSize, devices.helpers) };
  const notes: string[] = [];
  const noFused = fusedLstmProblem(spec);
  /** tfjs on `backend`, with the LSTM asked for where the model lets the fused one train it. */
  const tfjs = (trainer: TfjsTrainerKind, backend: BackendChoice): PlanCandidate => {
    if (trainer !== 'fused' || !noFused) return { trainer, backend };
    const note = `On TensorFlow.js, its LSTMs are TensorFlow.js’ own LSTM layer, not our fused LSTM (${noFused}).`;
    if (!notes.includes(note)) notes.push(note);
    return { trainer: 'layers', backend };
  };
  switch (hp.trainer) {
    case 'typed':
      if (!unsupported) return { candidates: [typed], notes };
      notes.push(`The typed trainer cannot take this model (${unsupported}).`);
      return { candidates: [tfjs('fused', hp.backend)], notes };
    case 'fused':
    case 'layers':
      return { candidates: [tfjs(hp.trainer, hp.backend)], notes };
    case 'auto': {
      // A named backend is a request to train with tfjs there.
      if (hp.backend !== 'auto') return { candidates: [tfjs('fused', hp.backend)], notes };
      const candidates: PlanCandidate[] = devices.gpus.map((g) => tfjs('fused', g.backend));
      if (unsupported) notes.push(`The typed trainer cannot take this model (${unsupported}).`);
      else candidates.unshift(typed);
      if (candidates.length === 0) candidates.push(tfjs('fused', 'auto'));
      return { candidates, notes };
    }
  }
}

export interface PlanDeps {
  /** Times one candidate on the run's data; never throws (a failure is a report's `problem`). */
  measure(candidate: PlanCandidate, budgetMs: number): Promise<CandidateReport>;
  memory: PlanMemory;
}

/** The plan before its tfjs backend is selected (the session adds `backend` and `host`). */
export type PlanDraft = Omit<Plan, 'backend' | 'host'>;

/** Picks who trains: the only candidate, the one asked for, or the fastest measured (now or before). */
export async function choosePlan(spec: ModelSpec, hp: HyperParams, devices: Devices, deps: PlanDeps): Promise<PlanDraft> {
  const { candidates, notes } = candidatesFor(spec, hp, devices);
  const requested = { trainer: hp.trainer, backend: hp.backend };
  const draft = (candidate: PlanCandidate, basis: PlanBasis, reports: CandidateReport[]): PlanDraft => {
    const plan = {
      candidate, requested, basis, candidates: reports,
      threads: candidate.trainer === 'typed' ? candidate.threads : 1,
      kernels: candidate.trainer === 'typed' ? devices.kernels : undefined,
    };
    return { ...plan, reason: describePlan(plan, notes) };
  };
  if (candidates.length === 1) {
    const basis = hp.trainer === 'auto' && hp.backend === 'auto' ? 'only' : 'asked';
    return draft(candidates[0], basis, [{ candidate: candidates[0] }]);
  }

  const key = `${devices.key}|${modelKey(spec, hp.batchSize)}`;
  const remembered = await deps.memory.get(key).catch(() => undefined);
  const wanted = new Set(candidates.map(candidateKey));
  if (remembered && remembered.length === candidates.length && remembered.every((r) => wanted.has(candidateKey(r.candidate)))) {
    const best = fastest(remembered);
    if (best) return draft(best.candidate, 'remembered', remembered);
  }

  const share = MEASURE_BUDGET_MS / candidates.length;
  const reports: CandidateReport[] = [];
  for (const candidate of candidates) reports.push(await deps.measure(candidate, share));
  const best = fastest(reports);
  // Nothing could be timed: the first candidate (the typed trainer, where it can) still gets its chance.
  if (!best) return draft(candidates[0], 'measured', reports);
  await deps.memory.set(key, reports).catch(() => undefined);
  return draft(best.candidate, 'measured', reports);
}

function fastest(reports: readonly CandidateReport[]): CandidateReport | undefined {
  return reports
    .filter((r) => r.msPerStep !== undefined && Number.isFinite(r.msPerStep))
    .sort((a, b) => a.msPerStep! - b.msPerStep!)[0];
}
