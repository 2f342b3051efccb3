/**
 * What a stored checkpoint must be before it is offered: every field of the right type, a
 * configuration that still makes a valid run of a known tutorial, weights and optimizer moments
 * that fit its model, and a history that agrees with its epoch. IndexedDB hands back whatever an
 * earlier or later version of the lab (or a damaged profile) wrote, so nothing is trusted.
 */
import * as z from 'zod';
import { BACKEND_CHOICES, TRAINER_CHOICES } from '../config/hyperparams';
import type { RunConfig } from '../config/runConfig';
import { configModel, configProblems } from '../engine/configModel';
import { weightShapes } from '../engine/spec/model';
import type { Checkpoint } from '../engine/types';
import { weightsProblem } from '../engine/weights';
import { SCENARIO_IDS } from '../scenarios/types';
import { dataRefSchema } from '../platform/runRecordSchema';

const count = z.int().min(0);
const finite = z.number();

const rngState = z.object({ s: z.int().min(0).max(0xffffffff), spare: finite.nullable() });

const epochUpdate = z.object({
  epoch: z.int().min(1),
  epochs: z.int().min(1),
  loss: finite,
  acc: finite,
  valLoss: finite.optional(),
  valAcc: finite.optional(),
  seconds: finite.min(0),
});

const weight = z
  .object({ shape: z.array(count), values: z.instanceof(Float32Array) })
  .refine((w) => w.values.length === w.shape.reduce((a, d) => a * d, 1), 'a weight’s values do not fill its shape');

const candidate = z.discriminatedUnion('trainer', [
  z.object({ trainer: z.literal('typed'), threads: z.int().min(1) }),
  z.object({ trainer: z.enum(TRAINER_CHOICES.filter((t) => t !== 'typed' && t !== 'auto')), backend: z.enum(BACKEND_CHOICES) }),
]);

const config = z
  .object({
    scenario: z.enum(SCENARIO_IDS, {
      error: (issue) => (issue.input === undefined ? 'it names no tutorial' : `its tutorial ${JSON.stringify(issue.input)} is not one of this lab’s`),
    }),
    hp: z.record(z.string(), z.unknown()),
    // A run on a user's data: the checkpoint names its dataset, which comes back from the dataset store by hash.
    data: dataRefSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const problems = configProblems(c as unknown as RunConfig);
    if (problems.length > 0) ctx.addIssue({ code: 'custom', message: `its settings no longer make a valid run (${problems[0].message.replace(/\.$/, '')})` });
  });

const schema = z
  .object({
    config,
    epoch: count,
    weights: z.array(weight),
    trainer: z.object({
      adam: z.object({ m: z.array(z.instanceof(Float32Array)), v: z.array(z.instanceof(Float32Array)), accBeta1: finite, accBeta2: finite }),
      maskRng: rngState,
    }),
    candidate: candidate.optional(),
    threads: z.int().min(1),
    shuffleRng: rngState,
    history: z.array(epochUpdate),
    unvalidated: epochUpdate.optional(),
  })
  .superRefine((c, ctx) => {
    const { hp } = c.config as unknown as RunConfig;
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (c.epoch >= hp.epochs) return problem(`its epoch ${c.epoch} is not before the run’s last (${hp.epochs})`);
    if (c.history.length !== c.epoch || c.history.some((e, i) => e.epoch !== i + 1)) return problem(`its history does not hold epochs 1 to ${c.epoch}`);
    if (c.unvalidated && c.unvalidated.epoch !== c.epoch + 1) return problem(`its unvalidated epoch is not epoch ${c.epoch + 1}`);
    const spec = configModel(c.config as unknown as RunConfig);
    const misfit = weightsProblem(spec, c.weights as Checkpoint['weights']);
    if (misfit) return problem(`its weights do not fit the model (${misfit.replace(/\.$/, '')})`);
    const sizes = weightShapes(spec).flat().map((s) => s.reduce((a, d) => a * d, 1));
    const fits = (moments: Float32Array[]) => moments.length === sizes.length && moments.every((m, i) => m.length === sizes[i]);
    if (!fits(c.trainer.adam.m) || !fits(c.trainer.adam.v)) problem('its optimizer state does not fit the model');
  });

/** The first thing wrong with a stored value, as the end of a sentence ("… cannot be resumed: …"). */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it is not a checkpoint';
  // The schema's own words.
  if (issue.code === 'custom' || /^its? /.test(issue.message)) return issue.message;
  const field = issue.path.map(String).join('.');
  if (!field) return 'it is not a checkpoint';
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return `it has no ${field}`;
  return `its ${field} is not valid (${issue.message.replace(/^Invalid input: /, '').replace(/\.$/, '')})`;
}

/** A stored value as a checkpoint, or why it cannot be one. Never throws. */
export function parseCheckpoint(value: unknown): { checkpoint: Checkpoint } | { problem: string } {
  try {
    const parsed = schema.safeParse(value);
    // The schema checked every field the type names; the parsed copy drops any it does not.
    return parsed.success ? { checkpoint: parsed.data as unknown as Checkpoint } : { problem: firstIssue(parsed.error) };
  } catch (e) {
    return { problem: e instanceof Error ? e.message : String(e) };
  }
}
