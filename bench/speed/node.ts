/**
 * The Node part: every backend Node has (wasm, cpu), selected with the engine's `selectBackend`
 * exactly as the session does (so our training kernels are registered and probed), then each
 * tutorial model with both LSTM implementations (and the typed trainer alongside WASM), and the IMDB test-set evaluation on WASM.
 */
import { selectBackend } from '../../src/engine/tfjs/backend';
import { nodeHelpers } from '../nodeHelpers';
import { measurePredict, measureTraining, predictHelperSets, trainHelperSets } from './engineBench';
import type { TimingPlan } from './measure';
import { EVAL_SCENARIO, IMPL_ORDER, PREDICT_IMPLS, implApplies, slowReason, speedCase, type SpeedBackend, type SpeedScenario } from './models';
import { predictRecord, trainRecord, type SpeedRecord } from './records';

/** Backends Node can run, in the order measured (the app's choice here first). */
export const NODE_BACKENDS = ['wasm', 'cpu'] as const satisfies readonly SpeedBackend[];

export interface PartOptions {
  scenarios: readonly SpeedScenario[];
  backends: readonly SpeedBackend[];
  plan: TimingPlan;
  /** Also run the combinations `slowReason` leaves out. */
  slow: boolean;
  /** Also time one real predict over all 25,000 reviews (fused LSTM only: tfjs-layers' takes minutes). */
  evalFull: boolean;
  emit(record: SpeedRecord): void;
  log(line: string): void;
}

export async function runNode(opts: PartOptions): Promise<void> {
  // worker_threads helpers, as `npm run train` and the fidelity harness use them.
  const helpers = nodeHelpers()();
  for (const backend of NODE_BACKENDS.filter((b) => opts.backends.includes(b))) {
    const info = await selectBackend(backend, { host: 'node' });
    const trial = info.trials.find((t) => t.name === backend);
    const available = info.name === backend;
    opts.emit({
      type: 'environment', env: 'node', backend, label: backend, available, threads: info.threads,
      detail: trial?.detail ?? info.reason,
    });
    if (!available) {
      opts.emit({ type: 'skip', env: 'node', backend, reason: `backend unavailable: ${trial?.detail ?? info.reason}` });
      continue;
    }
    const where = { env: 'node' as const, backend, threads: info.threads };
    for (const scenario of opts.scenarios) {
      const c = speedCase(scenario);
      for (const impl of IMPL_ORDER.filter((i) => implApplies(i, backend, scenario))) {
        const slow = slowReason('node', backend, impl, scenario);
        if (slow && !opts.slow) {
          opts.emit({ type: 'skip', env: 'node', backend, scenario, impl, reason: slow });
          continue;
        }
        for (const shared of trainHelperSets(c, impl, helpers)) {
          opts.log(`node ${backend} ${scenario} ${impl}${shared.length > 0 ? `, ${1 + shared.length} threads` : ''} …`);
          try {
            opts.emit(trainRecord(c, where, impl, await measureTraining(c, impl, opts.plan, shared)));
          } catch (e) {
            opts.emit({ type: 'skip', env: 'node', backend, scenario, impl, reason: `failed: ${e instanceof Error ? e.message : String(e)}` });
          }
        }
      }
    }
    // The evaluation target is for WASM; on cpu it would only repeat what training shows.
    if (backend === 'wasm' && opts.scenarios.includes(EVAL_SCENARIO)) {
      const c = speedCase(EVAL_SCENARIO);
      for (const impl of PREDICT_IMPLS.filter((i) => implApplies(i, backend, EVAL_SCENARIO, 'predict'))) {
        for (const shared of predictHelperSets(impl, helpers)) {
          opts.log(`node ${backend} predict ${EVAL_SCENARIO} ${impl}${shared.length > 0 ? `, ${1 + shared.length} threads` : ''} …`);
          try {
            opts.emit(predictRecord(c, where, impl, await measurePredict(c, impl, opts.plan, opts.evalFull && impl !== 'layers', shared)));
          } catch (e) {
            opts.emit({ type: 'skip', env: 'node', backend, scenario: EVAL_SCENARIO, impl, reason: `predict failed: ${e instanceof Error ? e.message : String(e)}` });
          }
        }
      }
    }
  }
}
