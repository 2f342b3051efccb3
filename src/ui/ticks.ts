/**
 * Axis ticks at round values (1, 2 or 5 times a power of ten), computed here rather than by the
 * chart library: Recharts' own ticks for a [1, dataMax] domain put the domain's ends next to round
 * values ("451" beside "485"), and hiding colliding labels would mean measuring text on every update.
 */

/** The smallest round step (1, 2, 5 × 10^k, at least `minStep`) that splits `span` into at most `maxCount` parts. */
export function niceStep(span: number, maxCount: number, minStep = 0): number {
  const raw = Math.max(span / Math.max(1, maxCount), minStep, Number.MIN_VALUE);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw - 1e-12 && s >= minStep) ?? raw;
}

/**
 * Round values inside [min, max], at most `maxCount` of them (and at least one while min ≤ max).
 * `integer` keeps the step whole, for epochs and batch numbers.
 */
export function ticksWithin(min: number, max: number, maxCount: number, integer = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  if (max === min) return [min];
  let step = niceStep(max - min, maxCount, integer ? 1 : 0);
  let ticks: number[] = [];
  for (;;) {
    ticks = [];
    for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
    if (ticks.length <= maxCount) break;
    step = niceStep(step * 1.01, 1);
  }
  return ticks.length > 0 ? ticks : [min];
}

/** Round values from 0 up to the first one at or above `max`: a bar chart's count axis, every bar inside it. */
export function ticksCovering(max: number, count: number): number[] {
  if (!(max > 0)) return [0];
  const step = niceStep(max, count);
  const ticks: number[] = [];
  for (let v = 0; ticks.length === 0 || ticks[ticks.length - 1] < max - 1e-9; v += step) ticks.push(+v.toPrecision(12));
  return ticks;
}
