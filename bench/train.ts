/**
 * `npm run -s train -- --scenario alphabet --epochs 20 --json`
 * Trains any tutorial with the app's own engine in Node and prints one line per epoch (JSON lines
 * with --json; `-s` keeps npm's header off stdout). Every hyperparameter of the app is a flag:
 * --units 64, --backend wasm, --seed 3 … (`--help` lists them with their ranges and defaults).
 */
// First: the flag must be set before any WebAssembly is compiled.
import './relaxedSimd';
import './quietTfjs';
import { nodeSession, parseArgs } from './cli';
import { trainHelp } from './help';

const { config, flags, problems } = parseArgs(process.argv.slice(2));
if (flags.has('help')) {
  process.stdout.write(trainHelp(config.scenario));
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
  onBackend: (info) => print({ type: 'backend', ...info }, `backend: ${info.name} — ${info.reason}`),
  onData: json ? undefined : (p) => process.stderr.write(`\r${p.stage} ${p.file ?? ''} ${p.loaded}/${p.total}      `),
  onSummary: (s) => print(
    { type: 'summary', totalParams: s.totalParams, trainer: s.trainer },
    `parameters: ${s.totalParams}${s.trainer ? `; trains with ${s.trainer.kind}${s.trainer.threads ? ` on ${s.trainer.threads} threads` : ''}` : ''}`,
  ),
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
