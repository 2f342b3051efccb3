/**
 * `npm run train -- --scenario alphabet --epochs 20 --json`
 * Trains any tutorial with the app's own engine in Node and prints one line per epoch (JSON lines
 * with --json). Every hyperparameter of the app is a flag: --units 64, --backend wasm, --seed 3 …
 * `--inspect <input>` (letters, a review, or a comma-separated series) then prints what the trained
 * LSTMs do with it: gates, cell and hidden states per timestep, the output and, for reviews, word
 * attributions (`src/engine/inspect/`).
 */
// First: the flag must be set before any WebAssembly is compiled.
import './relaxedSimd';
import { HP_KEYS } from '../src/config/hyperparams';
import { SCENARIO_IDS } from '../src/scenarios/types';
import { SCENARIOS } from '../src/scenarios';
import { INSPECT_REQUEST } from '../src/engine/inspect/inspect';
import { nodeSession, parseArgs, takeOption } from './cli';

const inspectArg = takeOption(process.argv.slice(2), 'inspect');
const { config, flags, problems } = parseArgs(inspectArg.rest);
if (flags.has('help')) {
  console.log(`Usage: npm run train -- --scenario <${SCENARIO_IDS.join('|')}> [--json] [--inspect <input>] [--<hyperparameter> <value> …]
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
let inspectFailed = false;
if (inspectArg.value !== undefined) {
  const inspection = await session.inspect(INSPECT_REQUEST[SCENARIOS[config.scenario].family](inspectArg.value));
  inspectFailed = inspection.kind === 'invalid';
  print(
    { type: 'inspect', ...inspection },
    inspection.kind === 'invalid'
      ? `inspect: ${inspection.message}`
      : `inspect: ${inspection.layers.map((l) => `${l.name} ${l.h.length} steps × ${l.units} units`).join(', ')}; output ${inspection.probabilities.map((p) => p.toFixed(3)).join(' ')}` +
          (inspection.kind === 'review' && inspection.attributions
            ? `; attributions ${inspection.tokens.map((t, k) => `${t.word} ${inspection.attributions!.words[k].toFixed(3)}`).join(', ')}`
            : ''),
  );
}
session.dispose();
process.exit(result.reason === 'nan' ? 1 : inspectFailed ? 2 : 0);
