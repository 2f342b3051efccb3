/**
 * The per-batch loss curve: an exponential moving average (TensorBoard-style, debiased so the
 * first points are not dragged towards zero) over every batch, kept to a bounded number of plotted
 * points so a 500-epoch run at batch size 1 (500,000 batches) still draws quickly.
 *
 * Pure and immutable: each call returns a new series, so the store can hand it to React as is.
 */

/** One plotted point. `step` is the global batch number (1-based, across epochs). */
export interface BatchPoint {
  step: number;
  /** The raw loss of that batch. */
  loss: number;
  /** The smoothed loss up to and including that batch. */
  smoothed: number;
}

export interface BatchSeries {
  /** Kept points: every `stride`-th batch seen. */
  kept: BatchPoint[];
  /** What the chart draws: `kept`, plus the newest point so the curve's end tracks the run live. */
  plotted: BatchPoint[];
  /** Keep one batch in `stride`; doubles whenever `kept` outgrows the cap. */
  stride: number;
  /** Batches seen with a finite loss (the EMA's sample count). */
  seen: number;
  /** Un-debiased EMA accumulator. */
  ema: number;
}

export interface SeriesOptions {
  /** EMA weight of the past, 0 (no smoothing) … <1. */
  smoothing: number;
  /** Upper bound on `plotted.length`. */
  maxPoints: number;
}

/**
 * 1000 points is finer than the chart's pixel width, and Recharts' cost grows with every point it
 * lays out; the series then holds between 500 and 1000 points however long the run.
 */
export const DEFAULT_SERIES_OPTIONS: SeriesOptions = { smoothing: 0.9, maxPoints: 1000 };

export function emptySeries(): BatchSeries {
  return { kept: [], plotted: [], stride: 1, seen: 0, ema: 0 };
}

/** The global batch number of an update: batches of earlier epochs plus this one's index. */
export function globalStep(epoch: number, batch: number, batches: number): number {
  return (epoch - 1) * batches + batch;
}

const debiasOf = (smoothing: number, seen: number) => (smoothing === 0 ? 1 : 1 - Math.pow(smoothing, seen));

/**
 * A series that goes on from kept points (a resumed run's record, drawn again by the live chart),
 * thinned to `maxPoints`: the moving average carries on from the last kept point's smoothed loss,
 * and the next batch is plotted after it.
 */
export function continuedSeries(points: readonly BatchPoint[], stride: number, options: SeriesOptions = DEFAULT_SERIES_OPTIONS): BatchSeries {
  const cap = Math.max(2, options.maxPoints - 1);
  let kept = points.slice();
  let s = Math.max(1, stride);
  while (kept.length > cap) {
    s *= 2;
    kept = kept.filter((_, k) => k % 2 === 0);
  }
  const last = points[points.length - 1];
  // The last kept point stands for every batch up to its step.
  const seen = last?.step ?? 0;
  return { kept, plotted: last && kept[kept.length - 1] !== last ? [...kept, last] : kept, stride: s, seen, ema: last ? last.smoothed * debiasOf(options.smoothing, seen) : 0 };
}

/**
 * Appends batches (in arrival order) and returns the new series. A batch whose step is not after
 * the last one plotted comes from a resumed run retraining from its checkpoint: the points from
 * that step on are dropped (the run goes on from before them), so steps always increase.
 */
export function appendBatches(
  series: BatchSeries,
  batches: readonly { step: number; loss: number }[],
  options: SeriesOptions = DEFAULT_SERIES_OPTIONS,
): BatchSeries {
  if (batches.length === 0) return series;
  const { smoothing, maxPoints } = options;
  // One slot is reserved for the live tail point.
  const cap = Math.max(2, maxPoints - 1);
  let { stride, seen, ema } = series;
  let kept = series.kept.slice();
  let latest: BatchPoint | null = series.plotted[series.plotted.length - 1] ?? null;

  for (const { step, loss } of batches) {
    // A NaN/Infinity loss would poison every later smoothed value; the run reports it separately.
    if (!Number.isFinite(loss)) continue;
    if (latest && step <= latest.step) {
      kept = kept.filter((p) => p.step < step);
      latest = kept[kept.length - 1] ?? null;
      seen = latest ? step - 1 : 0;
      ema = latest ? latest.smoothed * debiasOf(smoothing, seen) : 0;
    }
    ema = ema * smoothing + (1 - smoothing) * loss;
    const index = seen;
    seen += 1;
    const debias = debiasOf(smoothing, seen);
    const point: BatchPoint = { step, loss, smoothed: ema / debias };
    latest = point;
    if (index % stride === 0) {
      kept.push(point);
      if (kept.length > cap) {
        // Halve the density: keep the points whose sample index is a multiple of the new stride.
        // Kept point k has sample index k * stride, so that means every other kept point.
        stride *= 2;
        kept = kept.filter((_, k) => k % 2 === 0);
      }
    }
  }
  // The newest batch is drawn even when thinning skipped it, so the curve reaches "now".
  const plotted = latest && kept[kept.length - 1] !== latest ? [...kept, latest] : kept;
  return { kept, plotted, stride, seen, ema };
}
