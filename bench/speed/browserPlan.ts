/**
 * What the browser part asks its worker to measure, one request per fresh worker: each backend
 * with every tutorial and both LSTMs, then the WASM thread experiments. Pure.
 */
import type { BrowserBackend, SpeedItem, SpeedRequest } from '../browser/protocol';
import type { TimingPlan } from './measure';
import { EVAL_SCENARIO, IMPL_ORDER, PREDICT_IMPLS, implApplies, slowReason, type BenchImpl, type SpeedBackend, type SpeedScenario } from './models';

export interface BrowserPlanOptions {
  scenarios: readonly SpeedScenario[];
  backends: readonly SpeedBackend[];
  plan: TimingPlan;
  slow: boolean;
  evalFull: boolean;
  includeSoftwareGpu: boolean;
}

/** Backends in the order measured: the app's choice on a CPU-only machine (wasm) first. */
const BROWSER_BACKENDS: readonly BrowserBackend[] = ['wasm', 'webgl', 'webgpu'];

/** A combination left out of the default run (see `slowReason`). */
export interface SkippedCombination {
  backend: BrowserBackend;
  scenario: SpeedScenario;
  impl: BenchImpl;
  reason: string;
}

/** The requests for one browser run: each backend, then the WASM thread experiments. */
export function browserRequests(opts: BrowserPlanOptions): { requests: SpeedRequest[]; skipped: SkippedCombination[] } {
  const requests: SpeedRequest[] = [];
  const skipped: SkippedCombination[] = [];
  for (const backend of BROWSER_BACKENDS.filter((b) => opts.backends.includes(b))) {
    const train: SpeedRequest['train'] = [];
    for (const scenario of opts.scenarios) {
      for (const impl of IMPL_ORDER.filter((i) => implApplies(i, backend, scenario))) {
        const slow = slowReason('browser', backend, impl, scenario);
        if (slow && !opts.slow) skipped.push({ backend, scenario, impl, reason: slow });
        else train.push({ scenario, impl });
      }
    }
    // The evaluation target is for WASM.
    const predict = backend === 'wasm' && opts.scenarios.includes(EVAL_SCENARIO) ? PREDICT_IMPLS.filter((i) => implApplies(i, backend, EVAL_SCENARIO, 'predict')).map((impl) => ({ scenario: EVAL_SCENARIO, impl })) : [];
    requests.push({
      backend, label: backend, allowFallbackAdapter: opts.includeSoftwareGpu, train, predict, plan: opts.plan, evalFull: opts.evalFull,
    });
    if (backend === 'wasm') {
      // TFJS-NOTES: tfjs caps WASM threads at hardwareConcurrency / 2. See what asking for 2 does,
      // and (an experiment) what 2 threads would give if the cap let them, on tfjs-layers' LSTM
      // (the fused LSTM has no WASM kernels any more).
      const evaluates = opts.scenarios.includes(EVAL_SCENARIO);
      const scenario = evaluates ? EVAL_SCENARIO : opts.scenarios[0];
      const trial = {
        backend, allowFallbackAdapter: false, plan: opts.plan, evalFull: false,
        train: scenario ? [{ scenario, impl: 'layers' as const }] : [],
        predict: evaluates ? [{ scenario: EVAL_SCENARIO, impl: 'layers' as const }] : [],
      };
      requests.push({ ...trial, label: 'wasm, setThreadsCount(2)', threads: 2 });
      requests.push({ ...trial, label: 'wasm, setThreadsCount(2), hardwareConcurrency read as 4', threads: 2, spoofHardwareConcurrency: 4 });
    }
  }
  return { requests, skipped };
}

/** The request's measurements after `item` (which hung), to run again in a fresh worker. */
export function remainingAfter(request: SpeedRequest, item: SpeedItem): SpeedRequest {
  return item.phase === 'train'
    ? { ...request, train: request.train.slice(item.index + 1) }
    : { ...request, train: [], predict: request.predict.slice(item.index + 1) };
}

/** The measurement `item` names, in words. */
export function itemText(request: SpeedRequest, item: SpeedItem): string {
  const m = (item.phase === 'train' ? request.train : request.predict)[item.index];
  return m ? `${item.phase === 'predict' ? 'predict ' : ''}${m.scenario} ${m.impl}` : `${item.phase} #${item.index}`;
}
