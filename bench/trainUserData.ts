/**
 * `npm run -s train -- --data FILE --task text|classify|series [flags]`
 * Trains on the user's own data (issue #20) with the app's engine: the file (or folder) is read,
 * checked and prepared by the app's data layer (`prepareUserData`, with the same refusals as the
 * page: one sentence, exit code 2), the session's own checks run, and the session trains it on the
 * plan's trainer, one line per epoch. Every hyperparameter flag the tutorials take applies, from the
 * task's defaults; each task's own flags, what it prints and how its data becomes a run are one row
 * of `TASKS` (`userTasks/`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { HP_KEYS, type HpKey, type HyperParams } from '../src/config/hyperparams';
import { userDataConfig, type RunConfig } from '../src/config/runConfig';
import { prepareUserData, type PreparedUserData, type UserDataSource, type UserTask } from '../src/engine/data/user/prepareUserData';
import { problemOf } from '../src/engine/data/user/problem';
import type { UserFile } from '../src/engine/data/user/readText';
import { runDataOf, type RunData } from '../src/engine/runData';
import { metricOf } from '../src/engine/spec/losses';
import { nodeSession, parseArgs, takeOption } from './cli';
import { classifyTask } from './userTasks/classify';
import { seriesTask } from './userTasks/series';
import { textTask } from './userTasks/text';
import { writeUserModelFiles, type SaveFlags } from './userModelFiles';
import type { CliTask, Print } from './userTasks/types';

type TaskKind = UserTask['kind'];
type AnyTask<K extends TaskKind> = CliTask<K, unknown>;
/** A row's options are its own business: the table holds them all under one type. */
const row = <K extends TaskKind, O>(task: CliTask<K, O>): AnyTask<K> => task as unknown as AnyTask<K>;

/** How the command line trains each kind; a kind it cannot train yet says so in a sentence. */
const TASKS: { [K in TaskKind]: AnyTask<K> | string } = {
  text: row(textTask),
  classify: row(classifyTask),
  series: row(seriesTask),
};
const isTask = (task: string): task is TaskKind => Object.hasOwn(TASKS, task);

/** Flags of the tutorials' command line that a run on a user's data cannot take (yet). */
const NOT_WITH_DATA = ['scenario', 'load', 'inspect'] as const;

export interface UserDataArgs {
  file: string;
  task: TaskKind;
  /** The task's own options (its row's `options`). */
  options: unknown;
  config: RunConfig;
  json: boolean;
  /** `--save-keras`, `--save-tfjs`: the model files to write, each with its data file (`userModelFiles.ts`). */
  files: SaveFlags;
}

/** The flags of a run on a user's data, or every problem with them (each one sentence). */
export function parseUserDataArgs(argv: string[]): { args?: UserDataArgs; problems: string[] } {
  const problems: string[] = [];
  let rest = argv;
  const take = (name: string) => {
    const taken = takeOption(rest, name);
    rest = taken.rest;
    return taken.value;
  };
  const file = take('data');
  const taskName = take('task') ?? 'text';
  const files = { 'save-keras': take('save-keras'), 'save-tfjs': take('save-tfjs') };
  const known = isTask(taskName) ? TASKS[taskName] : undefined;
  const cli = typeof known === 'object' ? known : undefined;
  if (!isTask(taskName)) problems.push(`--task: unknown task “${taskName}”; one of ${Object.keys(TASKS).join(', ')}.`);
  else if (typeof known === 'string') problems.push(`--task: ${known}`);
  const own = cli?.options(take);
  if (own) problems.push(...own.problems);
  for (const [flag, value] of Object.entries(files)) {
    if (value !== undefined && cli && !cli.savedModel) problems.push(`--${flag} does not go with --task ${taskName} yet: its model files from the command line come later; the card downloads them.`);
  }
  if (file === undefined) problems.push(`--data needs a file: ${cli?.dataNoun ?? 'the data to train on'}.`);
  for (const flag of NOT_WITH_DATA) {
    if (rest.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`))) {
      problems.push(`--${flag} does not go with --data: ${flag === 'scenario' ? 'a run trains on a tutorial or on your file, not both' : 'loading a model file and Inspect for your own data come later'}.`);
    }
  }
  const parsed = parseArgs(rest, [], { crossChecks: false });
  problems.push(...parsed.problems);
  if (problems.length > 0 || !cli || !own) return { problems };
  // The task's defaults, what its own flags set, then the hyperparameters the flags name.
  const given = new Set(rest.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]));
  const hp = { ...cli.defaults(own.options), ...cli.hpFromOptions?.(own.options) } as Record<HpKey, HyperParams[HpKey]>;
  for (const key of HP_KEYS) if (given.has(key)) hp[key] = parsed.config.hp[key];
  return {
    args: { file: file!, task: taskName as TaskKind, options: own.options, config: userDataConfig(hp as HyperParams), json: parsed.flags.has('json'), files },
    problems,
  };
}

/** A folder's files, with their paths inside it (`pos/1.txt`), as a dropped folder gives them. */
async function folderFiles(root: string): Promise<UserFile[]> {
  const files: UserFile[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push({ name: relative(root, path).split('\\').join('/'), bytes: await readFile(path) });
    }
  };
  await walk(root);
  return files;
}

/** The file or folder as bytes, or the sentence that refuses it. */
async function readSource(path: string, folders: boolean): Promise<UserDataSource | string> {
  try {
    if ((await stat(path)).isDirectory()) {
      if (!folders) return `${path}: the file could not be read (it is a folder); give the path of a text file.`;
      return { kind: 'folder', name: basename(path), files: await folderFiles(path) };
    }
    return { kind: 'file', file: { name: basename(path), bytes: await readFile(path) } };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `${path}: the file could not be read (${code === 'ENOENT' ? 'there is no such file' : (e as Error).message}); give the path of ${folders ? 'a file or a folder' : 'a text file'}.`;
  }
}

/** The data read and prepared as the page does, with the run's data, or the sentence that refuses it. */
export async function prepareRun(args: UserDataArgs): Promise<{ prepared: PreparedUserData; data: RunData } | string> {
  const cli = TASKS[args.task] as AnyTask<TaskKind>;
  const source = await readSource(args.file, cli.folders);
  if (typeof source === 'string') return source;
  try {
    const prepared = await prepareUserData(source, cli.task(args.options, args.config.hp));
    if (prepared.kind !== args.task) throw new Error(`Prepared ${prepared.kind} data for a ${args.task} task.`);
    const data = cli.runData(prepared as never, args.options);
    // The session's own checks, before anything trains: the model's, and the samples' memory.
    const problems = runDataOf(args.config, data).problems();
    return problems.length > 0 ? problems.map((p) => p.message).join(' ') : { prepared, data };
  } catch (e) {
    const problem = problemOf(e);
    if (problem) return problem.message;
    throw e;
  }
}

/** Runs the command; resolves to its exit code (2: bad flags or a bad file, 1: the loss went NaN). */
export async function trainUserDataMain(argv: string[]): Promise<number> {
  const { args, problems } = parseUserDataArgs(argv);
  if (!args) {
    for (const p of problems) console.error(`error: ${p}`);
    return 2;
  }
  const run = await prepareRun(args);
  if (typeof run === 'string') {
    console.error(`error: ${run}`);
    return 2;
  }
  const cli = TASKS[args.task] as AnyTask<TaskKind>;
  const print: Print = (record, line) => console.log(args.json ? JSON.stringify(record) : line);
  const about = cli.describe(run.prepared as never);
  print(about.record, about.line);
  // The loss's metric by its Keras name (`acc`, or `mae` for a regression), as Keras' progress line names it.
  const metric = metricOf(runDataOf(args.config, run.data).model().loss);
  const short = metric.keras === 'accuracy' ? 'acc' : metric.keras;
  const session = nodeSession();
  const started = performance.now();
  const handle = session.train(args.config, {
    onPlan: (plan) => print({ type: 'plan', trainer: plan.candidate.trainer, backend: plan.backend?.name, threads: plan.threads, reason: plan.reason }, plan.reason),
    onSummary: (s) => print({ type: 'summary', totalParams: s.totalParams }, `parameters: ${s.totalParams}`),
    onEpoch: (e) => print(
      { type: 'epoch', ...e },
      `epoch ${e.epoch}/${e.epochs} ${e.seconds.toFixed(1)}s loss ${e.loss.toFixed(4)} ${short} ${e.acc.toFixed(4)}` +
        (e.valAcc !== undefined ? ` val_loss ${e.valLoss!.toFixed(4)} val_${short} ${e.valAcc.toFixed(4)}` : ''),
    ),
    ...cli.callbacks?.(print),
  }, { data: run.data });
  process.on('SIGINT', () => handle.stop());
  const result = await handle.done;
  print(
    { type: 'result', seconds: (performance.now() - started) / 1000, ...result },
    `${result.reason}${result.message ? `: ${result.message}` : ''}; ${result.evaluation ? `${result.evaluation.set} ${metric.label.toLowerCase()} ${result.evaluation.accuracy.toFixed(4)}` : ''}`,
  );
  cli.report?.(result, run.prepared as never, print);
  // A stopped run's model is still worth keeping; a NaN one's weights are not numbers.
  if (result.reason !== 'nan' && (args.files['save-keras'] || args.files['save-tfjs'])) {
    const weights = await session.trainedWeights();
    if (!weights) throw new Error('The run left no model to save.');
    const { saved, dataFile } = cli.savedModel!(run.prepared as never, args.config.hp, weights);
    for (const { format, path } of await writeUserModelFiles(args.files, saved, dataFile)) {
      print({ type: 'saved', format, path }, `saved ${format === 'keras' ? 'Keras .h5' : format === 'tfjs' ? 'TensorFlow.js' : 'data file'}: ${path}`);
    }
  }
  session.dispose();
  return result.reason === 'nan' ? 1 : 0;
}
