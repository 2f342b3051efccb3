/**
 * `npm run train -- --scenario alphabet --epochs 20 --json`
 * Trains any tutorial with the app's own engine in Node and prints one line per epoch (JSON lines
 * with --json). Every hyperparameter of the app is a flag: --units 64, --backend wasm, --seed 3 …
 * Model files: `--save-keras out/m.h5` and `--save-tfjs out/m-tfjs` write the trained model;
 * `--load FILE` (either format) starts from its weights, taking its tutorial and sizes from it.
 */
// First: the flag must be set before any WebAssembly is compiled.
import './relaxedSimd';
import { HP_KEYS } from '../src/config/hyperparams';
import { SCENARIO_IDS } from '../src/scenarios/types';
import { ModelFileError, type SavedModel } from '../src/engine/export/kerasConfig';
import { nodeSession, parseArgs } from './cli';
import { flagsForLoaded, loadedModelProblem, readModelFile, savedModelOf, writeModelFiles } from './modelFiles';

const argv = process.argv.slice(2);
let { config, flags, files, problems } = parseArgs(argv);
if (flags.has('help')) {
  console.log(`Usage: npm run train -- --scenario <${SCENARIO_IDS.join('|')}> [--json] [--<hyperparameter> <value> …]
  [--save-keras FILE.h5] [--save-tfjs DIR] [--load FILE.h5 | DIR/model.json | DIR]
Hyperparameters: ${HP_KEYS.join(', ')}
--load starts from a saved model's weights (at least one epoch: --epochs is 1 or more); without
--scenario, the tutorial and the model's sizes come from the file.`);
  process.exit(0);
}
// A loaded model decides the tutorial and its sizes unless the flags say otherwise; either way the
// run's model must be the file's, checked before anything trains.
let loaded: SavedModel | undefined;
if (files.load && problems.length === 0) {
  try {
    loaded = await readModelFile(files.load);
    ({ config, flags, files, problems } = parseArgs([...flagsForLoaded(loaded, argv), ...argv]));
    const mismatch = problems.length ? null : loadedModelProblem(config, loaded);
    if (mismatch) problems.push(mismatch);
  } catch (e) {
    if (!(e instanceof ModelFileError)) throw e;
    problems.push(e.message);
  }
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
}, { initialWeights: loaded?.weights });
process.on('SIGINT', () => handle.stop());
const result = await handle.done;
print(
  { type: 'result', scenario: config.scenario, seconds: (performance.now() - started) / 1000, ...result },
  `${result.reason}${result.message ? `: ${result.message}` : ''}; ${result.evaluation ? `${result.evaluation.set} accuracy ${result.evaluation.accuracy.toFixed(4)}` : ''}`,
);
// A stopped run's model is still worth keeping; a NaN one is not.
if (result.reason !== 'nan' && (files['save-keras'] || files['save-tfjs'])) {
  const weights = await session.trainedWeights();
  if (!weights) throw new Error('The run left no model to save.');
  for (const { format, path } of await writeModelFiles(files, savedModelOf(config, weights))) {
    print({ type: 'saved', format, path }, `saved ${format === 'keras' ? 'Keras .h5' : 'TensorFlow.js'}: ${path}`);
  }
}
session.dispose();
process.exit(result.reason === 'nan' ? 1 : 0);
