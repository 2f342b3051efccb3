/**
 * `npm run -s train -- --scenario alphabet --epochs 20 --json`
 * Trains any tutorial with the app's own engine in Node and prints one line per epoch (JSON lines
 * with --json; `-s` keeps npm's header off stdout). Every hyperparameter of the app is a flag:
 * --units 64, --backend wasm, --seed 3 … (`--help` lists them with their ranges and defaults).
 * Model files: `--save-keras out/m.h5` and `--save-tfjs out/m-tfjs` write the trained model;
 * `--load FILE` (either format) starts from its weights, taking its tutorial and sizes from it.
 * `--inspect <input>` (letters, a review, or a comma-separated series) then prints what the trained
 * LSTMs do with it: gates, cell and hidden states per timestep, the output and, for reviews, word
 * attributions (`src/engine/inspect/`).
 */
// First: the flag must be set before any WebAssembly is compiled.
import './relaxedSimd';
import './quietTfjs';
import { ModelFileError, type SavedModel } from '../src/engine/export/kerasConfig';
import { SCENARIOS } from '../src/scenarios';
import { INSPECT_REQUEST } from '../src/engine/inspect/inspect';
import { nodeSession, parseArgs, takeOption } from './cli';
import { inspectText } from './inspectText';
import { trainHelp } from './help';
import { flagsForLoaded, loadedLine, loadedModelProblem, loadedSummary, readModelFile, savedModelOf, writeModelFiles } from './modelFiles';

// A user's own data (`--data FILE`) trains through its own front (`trainUserData.ts`).
if (process.argv.slice(2).some((a) => a === '--data' || a.startsWith('--data=')) && !process.argv.includes('--help')) {
  const { trainUserDataMain } = await import('./trainUserData');
  process.exit(await trainUserDataMain(process.argv.slice(2)));
}
const inspectArg = takeOption(process.argv.slice(2), 'inspect');
const argv = inspectArg.rest;
let { config, flags, files, problems } = parseArgs(argv);
if (flags.has('help')) {
  process.stdout.write(trainHelp(config.scenario));
  process.exit(0);
}
// A loaded model decides the tutorial and its sizes unless the flags say otherwise; either way the
// run's model must be the file's, checked before anything trains.
let loaded: SavedModel | undefined;
const loadPath = files.load;
if (loadPath && problems.length === 0) {
  try {
    loaded = await readModelFile(loadPath);
    ({ config, flags, files, problems } = parseArgs([...flagsForLoaded(loadPath, loaded, argv), ...argv]));
    const mismatch = problems.length ? null : loadedModelProblem(loadPath, config, loaded);
    if (mismatch) problems.push(mismatch);
  } catch (e) {
    // Every refusal of the file is one sentence that starts with its path; anything else still stops before training.
    problems.push(e instanceof ModelFileError ? e.message : `${loadPath}: It could not be loaded (${e instanceof Error ? e.message : String(e)}).`);
  }
}
if (problems.length) {
  for (const p of problems) console.error(`error: ${p}`);
  process.exit(2);
}

const json = flags.has('json');
const print = (record: object, text: string) => console.log(json ? JSON.stringify(record) : text);
if (loaded && loadPath) {
  const summary = loadedSummary(loadPath, config, loaded);
  print({ type: 'loaded', ...summary }, loadedLine(summary));
}
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
}, { initialWeights: loaded?.weights });
process.on('SIGINT', () => handle.stop());
const result = await handle.done;
print(
  { type: 'result', scenario: config.scenario, seconds: (performance.now() - started) / 1000, ...result },
  `${result.reason}${result.message ? `: ${result.message}` : ''}; ${result.evaluation ? `${result.evaluation.set} accuracy ${result.evaluation.accuracy.toFixed(4)}` : ''}` +
    // A card's other sets read once at the end (the short-reviews card's short-review check).
    (result.checks ?? []).filter((c) => c.set !== result.evaluation?.set).map((c) => `; ${c.set} accuracy ${c.accuracy.toFixed(4)}`).join(''),
);
// A stopped run's model is still worth keeping; a NaN one is not.
if (result.reason !== 'nan' && (files['save-keras'] || files['save-tfjs'])) {
  const weights = await session.trainedWeights();
  if (!weights) throw new Error('The run left no model to save.');
  for (const { format, path } of await writeModelFiles(files, savedModelOf(config, weights))) {
    print({ type: 'saved', format, path }, `saved ${format === 'keras' ? 'Keras .h5' : 'TensorFlow.js'}: ${path}`);
  }
}
let inspectFailed = false;
if (inspectArg.value !== undefined) {
  const inspection = await session.inspect(INSPECT_REQUEST[SCENARIOS[config.scenario].family](inspectArg.value));
  inspectFailed = inspection.kind === 'invalid';
  print({ type: 'inspect', ...inspection }, inspectText(inspection));
}
session.dispose();
process.exit(result.reason === 'nan' ? 1 : inspectFailed ? 2 : 0);
