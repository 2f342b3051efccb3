/**
 * What a kept run must look like when it is read back. IndexedDB hands back whatever was written
 * on this origin, by this version of the app or another (an older build, a newer one in another
 * tab, a hand edit in the developer tools), so every record and kept model is checked here before
 * the page uses it: a good one comes back typed, a bad one as one sentence saying what is wrong.
 *
 * The schemas mirror `RunRecord` and `KeptModel` (`runStore.ts`) field by field; the compile-time
 * checks at the end fail the build if either side changes without the other.
 */
import { z } from 'zod';
import { BACKEND_CHOICES, HP_KEYS, TRAINER_CHOICES, checkValue, type HpKey, type HyperParams } from '../config/hyperparams';
import type { DataRef, RunConfig } from '../config/runConfig';
import { configModel, dataRefProblem } from '../engine/configModel';
import type { UserTask } from '../engine/data/user/prepareUserData';
import { scalerSchema } from '../engine/data/user/scaler';
import { KERNEL_KINDS } from '../engine/typed/kernels';
import { weightsProblem } from '../engine/weights';
import { EVALUATION_SETS } from '../engine/types';
import { DEFAULT_SCENARIO, SCENARIOS, isScenarioId } from '../scenarios';
import { SCENARIO_IDS } from '../scenarios/types';
import type { KeptModel, RunRecord } from './runStore';

/**
 * A figure a run reported: a number, NaN and ±Infinity included (a diverged run's loss is NaN, and
 * it is kept as it was). zod's `z.number()` refuses those, so this one only checks the type.
 */
const figure = z.custom<number>((v) => typeof v === 'number', { message: 'should be a number' });
const count = z.number().int().nonnegative();
const text = z.string();

const positive = z.number().int().positive();

/** How a text was read (`UserTask` of kind text). */
const textTaskSchema = z.object({
  kind: z.literal('text'),
  seqLength: positive,
  step: positive,
  validationSplit: z.number().min(0).lt(1),
  minCount: positive.optional(),
  lower: z.boolean().optional(),
});

/**
 * The tasks of kinds this module does not check field by field yet (labelled texts, series): their
 * kind is checked; the run that reads them checks the rest (`prepareUserData`'s refusals).
 */
const otherTaskSchema = z.custom<Exclude<UserTask, { kind: 'text' }>>(
  (v) => typeof v === 'object' && v !== null && ((v as { kind?: unknown }).kind === 'classify' || (v as { kind?: unknown }).kind === 'series'),
  { message: 'is not a kind of data this app knows' },
);

/** A user's data, by reference (`RunConfig.data`): never the data itself. */
export const dataRefSchema = z.object({
  name: text,
  hash: z.string().refine((v) => /^[0-9a-f]{64}$/.test(v), { message: 'is not a SHA-256 hash (64 hexadecimal digits)' }),
  size: count,
  task: z.union([textTaskSchema, otherTaskSchema]),
  vocabulary: z.array(z.string()).optional(),
  series: z.object({ columns: z.array(text).min(1), target: text, scaler: scalerSchema }).optional(),
  // The tokenizer's own reading (`tokenizerFromJson`) is checked where the model is made (`configModel.ts`).
  classify: z.object({ classNames: z.array(z.string()).min(2), tokenizer: text, start: z.enum(['small', 'seq']).optional() }).optional(),
  activation: z.enum(['relu', 'tanh']).optional(),
});

/**
 * A run's configuration. A hyperparameter this version does not know is dropped; one it knows that
 * the record lacks (written before the hyperparameter existed) takes the tutorial's default; one
 * out of its bounds makes the record damaged, with the table's own sentence.
 */
export const runConfigSchema = z
  .object({
    scenario: z.string().refine(isScenarioId, { message: 'is not a tutorial this app knows' }),
    hp: z.record(z.string(), z.unknown()),
    data: dataRefSchema.optional(),
  })
  .transform((raw, ctx): RunConfig => {
    // `isScenarioId` already held above; the cast only tells the compiler.
    const scenario = raw.scenario as RunConfig['scenario'];
    const defaults = SCENARIOS[scenario].defaults;
    const hp = { ...defaults } as Record<HpKey, unknown>;
    for (const key of HP_KEYS) {
      if (!Object.hasOwn(raw.hp, key)) continue;
      hp[key] = raw.hp[key];
      const problem = checkValue(key, hp[key] as never);
      if (problem) ctx.addIssue({ code: 'custom', path: ['hp', key], message: `is out of bounds: ${problem}`, input: raw.hp[key] });
    }
    if (raw.data) {
      // A run on a user's data names the default tutorial, which nothing reads (`userDataConfig`).
      if (scenario !== DEFAULT_SCENARIO) ctx.addIssue({ code: 'custom', path: ['scenario'], message: `is “${scenario}” on a run of your own data`, input: scenario });
      const problem = dataRefProblem(raw.data);
      if (problem) ctx.addIssue({ code: 'custom', path: ['data'], message: problem, input: raw.data });
    }
    return { scenario, hp: hp as unknown as HyperParams, ...(raw.data ? { data: raw.data } : {}) };
  });

const epochUpdateSchema = z.object({
  epoch: count,
  epochs: count,
  loss: figure,
  acc: figure,
  valLoss: figure.optional(),
  valAcc: figure.optional(),
  seconds: figure,
});

const batchPointSchema = z.object({ step: z.number(), loss: figure, smoothed: figure });

const evaluationSchema = z.object({
  set: z.enum(EVALUATION_SETS),
  accuracy: figure,
  loss: figure,
  confusion: z.object({ tp: count, fp: count, tn: count, fn: count }).optional(),
  matrix: z.array(z.array(count)).optional(),
  count,
  threads: count.optional(),
});

const runResultSchema = z.object({
  reason: z.enum(['completed', 'stopped', 'nan']),
  message: text.optional(),
  epochsDone: count,
  last: epochUpdateSchema.optional(),
  best: epochUpdateSchema.optional(),
  restoredBest: z.boolean().optional(),
  evaluation: evaluationSchema.optional(),
  checks: z.array(evaluationSchema).optional(),
});

const backendChoice = z.enum(BACKEND_CHOICES);
const backendName = z.enum(['webgpu', 'webgl', 'wasm', 'cpu']);
const trainerChoice = z.enum(TRAINER_CHOICES);

const planCandidateSchema = z.union([
  z.object({ trainer: z.literal('typed'), threads: count }),
  z.object({ trainer: z.enum(['fused', 'layers']), backend: backendChoice }),
]);

const hostSchema = z.enum(['worker', 'main-thread', 'node']);

const planSchema = z.object({
  candidate: planCandidateSchema,
  requested: z.object({ trainer: trainerChoice, backend: backendChoice }),
  basis: z.enum(['only', 'asked', 'measured', 'remembered']),
  candidates: z.array(z.object({ candidate: planCandidateSchema, msPerStep: figure.optional(), problem: text.optional() })),
  kernels: z.enum(KERNEL_KINDS as [(typeof KERNEL_KINDS)[number], ...(typeof KERNEL_KINDS)[number][]]).optional(),
  backend: z
    .object({
      name: backendName,
      requested: backendChoice,
      reason: text,
      trials: z.array(z.object({ name: backendName, ok: z.boolean(), detail: text, probeMs: figure.optional() })),
      threads: count.optional(),
      host: hostSchema,
    })
    .optional(),
  threads: count,
  reason: text,
  host: hostSchema,
});

const modelSummarySchema = z.object({
  rows: z.array(z.object({ name: text, type: text, outputShape: z.array(z.number().int().nullable()), params: count })),
  totalParams: count,
  trainableParams: count,
});

export const runRecordSchema = z
  .object({
    id: z.string().min(1, { message: 'is empty' }),
    name: text,
    scenario: z.enum(SCENARIO_IDS, { message: 'is not a tutorial this app knows' }),
    config: runConfigSchema,
    startedAt: z.number(),
    endedAt: z.number().optional(),
    trainingMs: z.number().nonnegative().optional(),
    outcome: z.enum(['running', 'completed', 'stopped', 'nan', 'failed']),
    error: text.optional(),
    epochs: z.array(epochUpdateSchema),
    batches: z.array(batchPointSchema),
    batchStride: z.number().int().positive(),
    result: runResultSchema.optional(),
    plan: planSchema.optional(),
    summary: modelSummarySchema.optional(),
    hasModel: z.boolean(),
    modelBytes: count,
    modelGone: z.enum(['freed', 'not-kept']).optional(),
    textSamples: z.array(z.object({
      epoch: count,
      seed: text,
      samples: z.array(z.object({ temperature: figure, text })),
    })).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.config.scenario !== r.scenario) {
      ctx.addIssue({ code: 'custom', path: ['config', 'scenario'], message: `is “${r.config.scenario}” while the run’s tutorial is “${r.scenario}”`, input: r.config.scenario });
    }
  });

const weightSchema = z
  .object({
    shape: z.array(z.number().int().nonnegative()),
    values: z.custom<Float32Array>((v) => v instanceof Float32Array, { message: 'should be a Float32Array' }),
  })
  .superRefine((w, ctx) => {
    const size = w.shape.reduce((a, d) => a * d, 1);
    if (w.values.length !== size) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `hold ${w.values.length} numbers where the shape [${w.shape.join(', ')}] needs ${size}`, input: w.values });
    } else if (!w.values.every(Number.isFinite)) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'hold NaN or infinite numbers', input: w.values });
    }
  });

export const keptModelSchema = z
  .object({
    config: runConfigSchema,
    weights: z.array(weightSchema),
    epoch: count,
    vocabWords: z.array(z.string()).readonly().optional(),
  })
  .superRefine((m, ctx) => {
    // The weights must be the ones its configuration builds, or "try the model" would fail later, far from here.
    let problem: string | null;
    try {
      problem = weightsProblem(configModel(m.config), m.weights);
    } catch (e) {
      problem = `Its configuration builds no model (${e instanceof Error ? e.message : String(e)}).`;
    }
    if (problem) ctx.addIssue({ code: 'custom', path: ['weights'], message: `do not fit its model: ${problem}`, input: m.weights });
  });

/** What the store hands back for an entry it read: the checked value, or why it cannot be used. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** What kind of value `v` is, in words ("null", "a list", "text"). */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Float32Array) return 'a Float32Array';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  switch (typeof v) {
    case 'string': return 'text';
    case 'number': return Number.isNaN(v) ? 'NaN' : 'a number';
    case 'bigint': return 'a BigInt';
    case 'boolean': return 'true or false';
    case 'object': return 'an object';
    default: return `a ${typeof v}`;
  }
}

/** The value at `path` in `input`, for saying what a field holds. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** `epochs[3].loss`, `config.hp.units`: the path of a field as a reader would write it. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, key) => (typeof key === 'number' ? `${s}[${key}]` : s ? `${s}.${String(key)}` : String(key)), '');
}

const EXPECTED: Record<string, string> = {
  string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object',
};

/** One sentence for the first thing wrong with `input`, e.g. "Its startedAt should be a number, not text." */
export function describeProblem(what: string, input: unknown, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `This ${what} could not be read.`;
  const path = issue.path;
  const held = valueAt(input, path);
  if (path.length === 0) {
    return issue.code === 'invalid_type' ? `This ${what} is ${kindOf(input)}, not an object.` : `This ${what} ${issue.message}.`;
  }
  const field = fieldName(path);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more ${error.issues.length === 2 ? 'problem' : 'problems'})` : '';
  let says: string;
  switch (issue.code) {
    case 'invalid_type':
      says = held === undefined ? 'is missing' : `should be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(held)}`;
      break;
    case 'invalid_value':
      says = `is ${typeof held === 'string' ? `“${held.slice(0, 40)}”` : kindOf(held)}, which is not one of ${issue.values.map(String).join(', ')}`;
      break;
    case 'invalid_union':
      says = 'is none of the forms this app writes';
      break;
    case 'too_small':
    case 'too_big':
      says = `is ${typeof held === 'number' ? held : kindOf(held)}, which is out of range`;
      break;
    case 'custom':
      says = issue.message;
      break;
    default:
      says = `is not valid (${issue.message})`;
  }
  // A custom message may quote a sentence of its own (the hyperparameter table's): one full stop.
  return `This ${what}’s ${field} ${says.replace(/\.$/, '')}${more}.`;
}

/** Checks a run record read from storage. */
export function checkRunRecord(input: unknown): Checked<RunRecord> {
  const parsed = runRecordSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: describeProblem('run record', input, parsed.error) };
}

/** Checks a kept model read from storage: its configuration, and weights that fit it, finite. */
export function checkKeptModel(input: unknown): Checked<KeptModel> {
  const parsed = keptModelSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: describeProblem('kept model', input, parsed.error) };
}

// The schemas and the types must not drift: each line fails to compile if they differ.
// (`Flat` turns zod's intersection of required and optional keys into one plain object type.)
type Same<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
type Flat<T> = { [P in keyof T]: T[P] };
const recordMatches: Same<z.output<typeof runRecordSchema>, RunRecord> = true;
const modelMatches: Same<z.output<typeof keptModelSchema>, KeptModel> = true;
const dataRefMatches: Same<z.output<typeof dataRefSchema>, DataRef> = true;
void recordMatches;
void modelMatches;
void dataRefMatches;
