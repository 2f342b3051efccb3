/**
 * `npm run -s train -- --data notes.txt --task text --seqLength 40 --step 3 --epochs 5`
 * Trains a character model on the user's own text (issue #20) with the app's engine: the text is
 * read, checked and windowed by the app's data layer (`prepareUserData`, with the same refusals as
 * the page: one sentence, exit code 2), the session trains it on the plan's trainer, and after each
 * epoch the model writes text at temperatures 0.2, 0.5 and 1.0 from a seed window of the text, as
 * Keras' `lstm_text_generation` prints it. Every hyperparameter flag the tutorials take applies,
 * from the text defaults (`CHAR_TEXT_DEFAULTS`); `--step`, `--minCount` and `--sampleLength` are
 * the data's own.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { HP_KEYS, type HpKey, type HyperParams } from '../src/config/hyperparams';
import { userDataConfig, type RunConfig } from '../src/config/runConfig';
import { CHAR_TEXT_DEFAULT_STEP, CHAR_TEXT_DEFAULTS, charTextSource } from '../src/engine/charText/charTextModel';
import { OTHER_CHAR } from '../src/engine/data/user/charText';
import { prepareUserData, type UserTask } from '../src/engine/data/user/prepareUserData';
import { problemOf } from '../src/engine/data/user/problem';
import { runDataOf, type PreparedText } from '../src/engine/runData';
import type { ModelWeights } from '../src/engine/weights';
import { nodeSession, parseArgs, takeOption } from './cli';
import { writeTextModelFiles } from './textModelFiles';

/** The tasks of `--task`, each with how the command line trains it; a kind the data layer reads but nothing trains yet says so. */
const TASKS: { [K in UserTask['kind']]: 'trains' | string } = {
  text: 'trains',
  classify: 'labelled texts (--task classify) do not train from the command line yet; --task text does.',
  series: 'series (--task series) do not train from the command line yet; --task text does.',
};
const isTask = (task: string): task is UserTask['kind'] => Object.hasOwn(TASKS, task);

/** Flags of the tutorials' command line that a run on a user's text cannot take (yet). */
const NOT_WITH_DATA = ['scenario', 'load', 'inspect'] as const;

export interface TextArgs {
  file: string;
  config: RunConfig;
  step: number;
  minCount: number;
  sampleLength?: number;
  json: boolean;
  /** `--save-keras`, `--save-tfjs`: the model files to write, each with its data file (`textModelFiles.ts`). */
  files: { 'save-keras'?: string; 'save-tfjs'?: string };
}

/** A whole number of at least `min` given as `--name`, or the sentence that refuses it. */
function wholeNumber(name: string, raw: string | undefined, fallback: number | undefined, min: number): number | string | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min ? n : `--${name}: must be a whole number of at least ${min} (got “${raw}”).`;
}

/** The flags of a text run, or every problem with them (each one sentence). */
export function parseTextArgs(argv: string[]): { args?: TextArgs; problems: string[] } {
  const problems: string[] = [];
  let rest = argv;
  const take = (name: string) => {
    const taken = takeOption(rest, name);
    rest = taken.rest;
    return taken.value;
  };
  const file = take('data');
  const task = take('task') ?? 'text';
  const step = wholeNumber('step', take('step'), CHAR_TEXT_DEFAULT_STEP, 1);
  const minCount = wholeNumber('minCount', take('minCount'), 1, 1);
  const sampleLength = wholeNumber('sampleLength', take('sampleLength'), undefined, 0);
  const files = { 'save-keras': take('save-keras'), 'save-tfjs': take('save-tfjs') };
  if (file === undefined) problems.push('--data needs a file: the text to train on.');
  if (!isTask(task)) problems.push(`--task: unknown task “${task}”; one of ${Object.keys(TASKS).join(', ')}.`);
  else if (TASKS[task] !== 'trains') problems.push(`--task: ${TASKS[task]}`);
  for (const value of [step, minCount, sampleLength]) if (typeof value === 'string') problems.push(value);
  for (const flag of NOT_WITH_DATA) {
    if (rest.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`))) {
      problems.push(`--${flag} does not go with --data: ${flag === 'scenario' ? 'a run trains on a tutorial or on your file, not both' : 'loading a model file and Inspect for your own text come later'}.`);
    }
  }
  const parsed = parseArgs(rest, [], { crossChecks: false });
  problems.push(...parsed.problems);
  if (problems.length > 0) return { problems };
  // The text's defaults, with the hyperparameters the flags name.
  const given = new Set(rest.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]));
  const hp = { ...CHAR_TEXT_DEFAULTS } as Record<HpKey, HyperParams[HpKey]>;
  for (const key of HP_KEYS) if (given.has(key)) hp[key] = parsed.config.hp[key];
  return {
    args: {
      file: file!, config: userDataConfig(hp as HyperParams),
      step: step as number, minCount: minCount as number, sampleLength: sampleLength as number | undefined, json: parsed.flags.has('json'), files,
    },
    problems,
  };
}

/** The text read and windowed as the page does, or the sentence that refuses it. */
export async function prepareText(args: TextArgs): Promise<PreparedText | string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(args.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `${args.file}: the file could not be read (${code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}); give the path of a text file.`;
  }
  const { hp } = args.config;
  try {
    const prepared = await prepareUserData(
      { kind: 'file', file: { name: basename(args.file), bytes } },
      { kind: 'text', seqLength: hp.seqLength, step: args.step, validationSplit: hp.validationSplit, minCount: args.minCount },
    );
    if (prepared.kind !== 'text') throw new Error(`Prepared ${prepared.kind} data for a text task.`);
    // The session's own checks, before anything trains: the model's, and the windows' memory.
    const problems = runDataOf(args.config, { kind: 'text', text: prepared }).problems();
    return problems.length > 0 ? problems.map((p) => p.message).join(' ') : prepared;
  } catch (e) {
    const problem = problemOf(e);
    if (problem) return problem.message;
    throw e;
  }
}

/** Runs the command; resolves to its exit code (2: bad flags or a bad file, 1: the loss went NaN). */
export async function trainTextMain(argv: string[]): Promise<number> {
  const { args, problems } = parseTextArgs(argv);
  if (!args) {
    for (const p of problems) console.error(`error: ${p}`);
    return 2;
  }
  const text = await prepareText(args);
  if (typeof text === 'string') {
    console.error(`error: ${text}`);
    return 2;
  }
  const print = (record: object, line: string) => console.log(args.json ? JSON.stringify(record) : line);
  const { vocabulary, codes } = text.corpus;
  const folded = vocabulary.folded.distinct > 0
    ? `, ${vocabulary.folded.distinct} rare ones as “${OTHER_CHAR}” (${vocabulary.folded.occurrences} times)` : '';
  print(
    {
      type: 'data', file: text.record.name, hash: text.record.hash, characters: codes.length, vocabulary: vocabulary.chars.length,
      folded: vocabulary.folded, seqLength: text.seqLength, step: text.step, trainSamples: text.trainSamples, validationSamples: text.validationSamples,
    },
    `${text.record.name}: ${codes.length} characters, ${vocabulary.chars.length} in the vocabulary${folded}; ` +
      `${text.trainSamples} training and ${text.validationSamples} validation windows of ${text.seqLength} every ${text.step}`,
  );
  const session = nodeSession();
  const started = performance.now();
  const handle = session.train(args.config, {
    onPlan: (plan) => print({ type: 'plan', trainer: plan.candidate.trainer, backend: plan.backend?.name, threads: plan.threads, reason: plan.reason }, plan.reason),
    onSummary: (s) => print({ type: 'summary', totalParams: s.totalParams }, `parameters: ${s.totalParams}`),
    onEpoch: (e) => print(
      { type: 'epoch', ...e },
      `epoch ${e.epoch}/${e.epochs} ${e.seconds.toFixed(1)}s loss ${e.loss.toFixed(4)} acc ${e.acc.toFixed(4)}` +
        (e.valAcc !== undefined ? ` val_loss ${e.valLoss!.toFixed(4)} val_acc ${e.valAcc.toFixed(4)}` : ''),
    ),
    // As the Keras example prints them: the seed, then what each temperature wrote after it.
    onTextSamples: (s) => print(
      { type: 'samples', ...s },
      [`----- Generating with seed: "${s.seed}"`, ...s.samples.flatMap((g) => [`----- temperature: ${g.temperature.toFixed(1)}`, s.seed + g.text])].join('\n'),
    ),
  }, { data: { kind: 'text', text, sampleLength: args.sampleLength } });
  process.on('SIGINT', () => handle.stop());
  const result = await handle.done;
  print(
    { type: 'result', seconds: (performance.now() - started) / 1000, ...result },
    `${result.reason}${result.message ? `: ${result.message}` : ''}; ${result.evaluation ? `${result.evaluation.set} accuracy ${result.evaluation.accuracy.toFixed(4)}` : ''}`,
  );
  if (result.reason !== 'nan') await saveText(args, text, await session.trainedWeights(), print);
  session.dispose();
  return result.reason === 'nan' ? 1 : 0;
}

/** Writes the model files asked for, each with its data file; a stopped run's model is still worth keeping. */
async function saveText(args: TextArgs, text: PreparedText, weights: ModelWeights | undefined, print: (record: object, line: string) => void): Promise<void> {
  if (!args.files['save-keras'] && !args.files['save-tfjs']) return;
  if (!weights) throw new Error('The run left no model to save.');
  const { hp } = args.config;
  const model = { spec: charTextSource(text.corpus.vocabulary.chars.length).model(hp), weights, vocabulary: text.corpus.vocabulary, seqLength: text.seqLength, learningRate: hp.learningRate };
  for (const { format, path } of await writeTextModelFiles(args.files, model)) {
    print({ type: 'saved', format, path }, `saved ${format === 'keras' ? 'Keras .h5' : format === 'tfjs' ? 'TensorFlow.js' : 'data file'}: ${path}`);
  }
}
