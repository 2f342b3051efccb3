/**
 * `npm run train -- --scenario alphabet --epochs 20 --json`
 * Trains any tutorial with the app's own engine in Node and prints one line per epoch (JSON lines
 * with --json). Every hyperparameter of the app is a flag: --units 64, --backend wasm, --seed 3 …
 */
// First: the flag must be set before any WebAssembly is compiled.
import './relaxedSimd';
import { HP_KEYS } from '../src/config/hyperparams';
import { SCENARIO_IDS } from '../src/scenarios/types';
import { nodeSession, parseArgs } from './cli';

const { config, flags, problems } = parseArgs(process.argv.slice(2));
if (flags.has('help')) {
  console.log(`Usage: npm run train -- --scenario <${SCENARIO_IDS.join('|')}> [--json] [--<hyperparameter> <value> …]
Hyperparameters: ${HP_KEYS.join(', ')}`);
  process.exit(0);
}
if (problems.length) {
  for (const p of problems) console.error(`error: ${p}`);
  process.exit(2);
}

const json = flags.has('json');
const print = (record: object, text: string) => console.log(json ? JSON.stringify(record) : text);
const session = nodeSession();
const started = performance.now();
const handle = session.train(config, {
  onPlan: (plan) => print(
    { type: 'plan', trainer: plan.candidate.trainer, backend: plan.backend?.name, threads: plan.threads, basis: plan.basis, reason: plan.reason },
    plan.reason,
  ),
  onData: json ? undefined : (p) => process.stderr.write(`\r${p.stage} ${p.file ?? ''} ${p.loaded}/${p.total}      `),
  onSummary: (s) => print({ type: 'summary', totalParams: s.totalParams }, `parameters: ${s.totalParams}`),
  onEpoch: (e) =>
    print(
      { type: 'epoch', scenario: config.scenario, ...e },
      `epoch ${e.epoch}/${e.epochs} ${e.seconds.toFixed(1)}s loss ${e.loss.toFixed(4)} acc ${e.acc.toFixed(4)}` +
        (e.valAcc !== undefined ? ` val_loss ${e.valLoss!.toFixed(4)} val_acc ${e.valAcc.toFixed(4)}` : ''),
    ),
});
process.on('SIGINT', () => handle.stop());
const result = await handle.done;
print(
  { type: 'result', scenario: config.scenario, seconds: (performance.now() - started) / 1000, ...result },
  `${result.reason}${result.message ? `: ${result.message}` : ''}; ${result.evaluation ? `${result.evaluation.set} accuracy ${result.evaluation.accuracy.toFixed(4)}` : ''}`,
);
session.dispose();
process.exit(result.reason === 'nan' ? 1 : 0);
