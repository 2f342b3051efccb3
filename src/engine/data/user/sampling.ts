/**
 * Drawing the next character from a model's probabilities at a temperature, as Keras'
 * `lstm_text_generation` example does (`log(p) / T`, renormalised, one multinomial draw), from a
 * seeded generator so a seed reproduces a generated text.
 */
import type { Rng } from '../../rng';

/**
 * An index drawn from `probs` reshaped by `temperature`: below 1 sharper (0 takes the most likely),
 * above 1 flatter. Computed in float64 with the largest logit subtracted, so tiny temperatures do
 * not overflow `exp` as the example's float64 `exp(log(p) / T)` can.
 */
export function sampleWithTemperature(probs: ArrayLike<number>, temperature: number, rng: Rng): number {
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new RangeError(`temperature must be 0 or more (got ${temperature}).`);
  if (probs.length === 0) throw new RangeError('There are no probabilities to sample from.');
  if (temperature === 0) return argmax(probs);
  const logits = new Float64Array(probs.length);
  let max = -Infinity;
  for (let i = 0; i < probs.length; i++) {
    logits[i] = Math.log(Math.max(0, probs[i])) / temperature;
    if (logits[i] > max) max = logits[i];
  }
  if (max === -Infinity) return argmax(probs);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += logits[i] = Math.exp(logits[i] - max);
  let u = rng.next() * sum;
  let last = 0;
  for (let i = 0; i < logits.length; i++) {
    if (logits[i] === 0) continue;
    last = i;
    u -= logits[i];
    if (u < 0) return i;
  }
  return last; // rounding left a sliver past the end: the last possible index
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** The `k` most likely indices with their probabilities, most likely first (ties: lower index first). */
export function topK(probs: ArrayLike<number>, k: number): { index: number; probability: number }[] {
  return Array.from(probs, (probability, index) => ({ index, probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, Math.max(0, k));
}
