/**
 * "Try the model": one predictor per kind of request, each taking the trained model and what the
 * run knew (its configuration and, for IMDB, its vocabulary). Bad input comes back as an
 * `invalid` result with a sentence for the user, never as an exception.
 */
import type { RunConfig } from '../config/runConfig';
import { SCENARIOS } from '../scenarios';
import { ALPHABET_SIZE } from '../scenarios/alphabet';
import { MEMORY_KEYS } from '../scenarios/memory';
import { checkLetters, encodeLetters } from './data/alphabet';
import { encodeReview } from './data/imdb/loadImdb';
import { checkMemory, encodeMemory, normalizeMemory } from './data/memory';
import type { ImdbVocab } from './data/imdb/vocab';
import { generateTrendSeries, trendSamples, type TrendSeries } from './data/trend';
import { occludeWords } from './occlusion';
import { parseSeries } from './parseSeries';
import type { RunModel } from './runModel';
import { isStateful } from './spec/model';
import type { PredictRequest, PredictResult } from './types';

/** A finished run's model with what the run knew: its configuration and, for IMDB, its vocabulary. */
export interface TrainedModel {
  model: RunModel;
  config: RunConfig;
  vocab?: ImdbVocab;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The model's outputs for `n` samples of `x`, flat. */
async function run(model: RunModel, x: Float32Array | Int32Array, n: number): Promise<Float32Array> {
  return (await model.predict(x, n)).probs;
}

async function predictLetters(t: TrainedModel, text: string): Promise<PredictResult> {
  const upper = text.trim().toUpperCase();
  const stateful = isStateful(t.model.spec);
  const maxLen = stateful ? 25 : t.config.hp.seqLength;
  const problem = checkLetters(upper, maxLen);
  if (problem) return { kind: 'invalid', message: problem };
  let probs: Float32Array;
  if (stateful) {
    // The stateful model reads one letter per call and remembers the rest, as in the tutorial.
    t.model.resetStates();
    probs = new Float32Array(ALPHABET_SIZE);
    for (const ch of upper) probs = await run(t.model, Float32Array.of(LETTERS.indexOf(ch) / ALPHABET_SIZE), 1);
    t.model.resetStates();
  } else {
    probs = await run(t.model, encodeLetters(upper, maxLen), 1);
  }
  const top = Array.from(probs, (p, i) => ({ letter: LETTERS[i], p }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3);
  return { kind: 'letters', input: upper, top };
}

async function predictMemory(t: TrainedModel, text: string): Promise<PredictResult> {
  if (SCENARIOS[t.config.scenario].data.kind !== 'memory') return { kind: 'invalid', message: 'This model was not trained on the memory task.' };
  const steps = t.config.hp.seqLength;
  const problem = checkMemory(text, steps);
  if (problem) return { kind: 'invalid', message: problem };
  const probs = await run(t.model, encodeMemory(text, steps), 1);
  const top = [...MEMORY_KEYS].map((letter, k) => ({ letter, p: probs[k] })).sort((a, b) => b.p - a.p);
  return { kind: 'memory', input: normalizeMemory(text), steps, top };
}

/** The series asked about: the user's own (typed), or a fresh one from a seed. */
type TrendQuestion = Extract<PredictRequest, { kind: 'trend' }>;

async function predictTrend(t: TrainedModel, q: TrendQuestion): Promise<PredictResult> {
  const spec = SCENARIOS[t.config.scenario].data;
  if (spec.kind !== 'trend') return { kind: 'invalid', message: 'This model was not trained on the trend task.' };
  let series: TrendSeries;
  if ('text' in q) {
    // Read as Inspect reads it, so both panels accept and refuse the same series.
    const typed = parseSeries(q.text);
    if (typeof typed === 'string') return { kind: 'invalid', message: typed };
    series = trendSamples(spec.features, typed);
  } else {
    series = generateTrendSeries(spec.features, Math.max(1, Math.min(500, Math.floor(q.length))), q.seed);
  }
  const n = series.labels.length;
  const probs = await run(t.model, series.inputs, n);
  let correct = 0;
  const steps = series.labels.map((label, i) => {
    const predicted: 0 | 1 = probs[i] >= 0.5 ? 1 : 0;
    if (predicted === label) correct++;
    return { x: series.x[i + 2], label, predicted, p: probs[i] };
  });
  return { kind: 'trend', steps, accuracy: correct / n };
}

async function predictReview(t: TrainedModel, text: string): Promise<PredictResult> {
  if (!t.vocab) return { kind: 'invalid', message: 'This model was not trained on reviews.' };
  const { ids, tokens } = encodeReview(text, t.vocab, t.config.hp);
  // Words inside the padded window, oldest first; the last one sits at position maxlen - 1.
  const inWindow = tokens.map((tok, i) => ({ tok, i })).filter(({ tok }) => tok.status !== 'cut');
  const { base, without, firstScored } = await occludeWords(t.model, ids, inWindow.length);
  const contribution = new Map<number, number>();
  without.forEach((probs, k) => contribution.set(inWindow[firstScored + k].i, base[0] - probs[0]));
  return {
    kind: 'review',
    probability: base[0],
    tokens: tokens.map((tok, i) => ({ ...tok, contribution: contribution.get(i) ?? 0 })),
    window: t.config.hp.seqLength,
  };
}

type Predictor<K extends PredictRequest['kind']> = (t: TrainedModel, req: Extract<PredictRequest, { kind: K }>) => Promise<PredictResult>;

const PREDICTORS: { [K in PredictRequest['kind']]: Predictor<K> } = {
  letters: (t, r) => predictLetters(t, r.text),
  memory: (t, r) => predictMemory(t, r.text),
  trend: (t, r) => predictTrend(t, r),
  review: (t, r) => predictReview(t, r.text),
  // A tutorial's model reads no text (a user's text model answers through its own row, `runData.ts`).
  chars: async () => ({ kind: 'invalid', message: 'This model was trained on a tutorial, not on a text: train on your text first.' }),
  series: async () => ({ kind: 'invalid', message: 'This model was trained on a tutorial, not on a series: train on your series first.' }),
  seriesFit: async () => ({ kind: 'invalid', message: 'This model was trained on a tutorial, not on a series: train on your series first.' }),
  classify: async () => ({ kind: 'invalid', message: 'This model was trained on a tutorial, not on your labelled texts: train on them first.' }),
};

export function predict(t: TrainedModel, request: PredictRequest): Promise<PredictResult> {
  return (PREDICTORS[request.kind] as Predictor<PredictRequest['kind']>)(t, request);
}
