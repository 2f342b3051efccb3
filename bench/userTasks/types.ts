/**
 * One kind of a user's data on the command line (`npm run train -- --data FILE --task …`): its own
 * flags, its hyperparameters' defaults, what `prepareUserData` is asked, the run's data, and what is
 * printed about it. `bench/trainUserData.ts` holds the table of them and does the rest the same way
 * for every kind (reading the file, the refusals, training, the epoch lines).
 */
import type { HyperParams } from '../../src/config/hyperparams';
import type { PreparedUserData, UserTask } from '../../src/engine/data/user/prepareUserData';
import type { RunData } from '../../src/engine/runData';
import type { SavedModel } from '../../src/engine/export/kerasConfig';
import type { RunResult, TrainCallbacks } from '../../src/engine/types';
import type { ModelWeights } from '../../src/engine/weights';

/** Prints one record: as JSON with `--json`, else as its line. */
export type Print = (record: object, line: string) => void;

/** A whole number of at least `min` given as `--name`, or the sentence that refuses it. */
export function wholeNumber(name: string, raw: string | undefined, fallback: number | undefined, min: number): number | string | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min ? n : `--${name}: must be a whole number of at least ${min} (got “${raw}”).`;
}

export interface CliTask<K extends UserTask['kind'], O> {
  /** What `--data` names, for the sentence when it is missing ("the text to train on"). */
  dataNoun: string;
  /** Whether `--data` may name a folder (its files read as `prepareUserData`'s folder source). */
  folders: boolean;
  /**
   * Takes the task's own flags (`take('step')` removes `--step` from the arguments) and gives its
   * options, or the sentences that refuse them; `given` says which hyperparameter flags were given.
   */
  options(take: (name: string) => string | undefined): { options: O; problems: string[] };
  /** The hyperparameters a run starts from, before the flags. */
  defaults(options: O): HyperParams;
  /** Hyperparameters the task's own flags set (Keras' names for them, say). */
  hpFromOptions?(options: O): Partial<HyperParams>;
  /** What the data layer is asked to make of the file. */
  task(options: O, hp: HyperParams): Extract<UserTask, { kind: K }>;
  /** The run's data from what the data layer made. */
  runData(prepared: Extract<PreparedUserData, { kind: K }>, options: O): Extract<RunData, { kind: K }>;
  /** One record and line about the data, before training. */
  describe(prepared: Extract<PreparedUserData, { kind: K }>): { record: object; line: string };
  /** What the task prints during the run besides the epoch lines. */
  callbacks?(print: Print): Partial<TrainCallbacks>;
  /** The trained model for its files (`--save-keras`, `--save-tfjs`) and its data file's bytes; a task without it refuses those flags. */
  savedModel?(prepared: Extract<PreparedUserData, { kind: K }>, hp: HyperParams, weights: ModelWeights): { saved: SavedModel; dataFile: Uint8Array };
  /** What it prints after the result line (a classifier's confusion matrix). */
  report?(result: RunResult, prepared: Extract<PreparedUserData, { kind: K }>, print: Print): void;
}
