/** Generate a fresh series and compare the model's trend calls with the true labels, step by step. */
import { useState } from 'react';
import type { PredictResult } from '../../engine/types';
import { formatPercent } from '../format';
import { useLab } from '../hooks/useLab';

/** Steps per generated series: enough to judge, short enough to read in one strip. */
const SERIES_LENGTH = 40;

type TrendResult = Extract<PredictResult, { kind: 'trend' }>;

export function TryTrend({ enabled }: { enabled: boolean }) {
  const predict = useLab((s) => s.predict);
  const [result, setResult] = useState<TrendResult | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function generate() {
    setBusy(true);
    setMessage(null);
    try {
      // A new seed per click: each click shows a series the model has never seen.
      const seed = Math.floor(Math.random() * 2_147_483_647);
      const answer = await predict({ kind: 'trend', seed, length: SERIES_LENGTH });
      if (answer.kind === 'trend') setResult(answer);
      else if (answer.kind === 'invalid') setMessage(answer.message);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="try-trend">
      <button type="button" className="btn" data-testid="try.trend.generate" disabled={!enabled || busy} onClick={generate}>
        {result ? 'Generate another series' : 'Generate a series'}
      </button>
      {message && (
        <p className="field-error" role="alert" data-testid="try.trend.error">
          {message}
        </p>
      )}
      {result && <TrendStrip result={result} />}
    </div>
  );
}

/** Plot area of the trend chart, in SVG user units (the SVG scales to the panel's width). */
const W = 440;
const PAD = { left: 34, right: 10 };
/** Heights and tops of the two bands: the series, then the probabilities with the true labels. */
const SERIES = { top: 8, height: 70 };
const PROB = { top: 100, height: 70 };
const H = PROB.top + PROB.height + 18;

/**
 * The series, each step's true label and the predicted probability, as one small SVG (a table of
 * 40 columns scrolled sideways). Upper band: x. Lower band: P(same direction) as a line, the true
 * label as a dot at 0 or 1, and the 0.5 threshold; a step the model got wrong is marked.
 */
function TrendStrip({ result }: { result: TrendResult }) {
  const steps = result.steps;
  const wrong = steps.filter((s) => s.label !== s.predicted).length;
  const n = steps.length;
  const x = (i: number) => PAD.left + (n <= 1 ? 0 : (i / (n - 1)) * (W - PAD.left - PAD.right));
  const xs = steps.map((s) => s.x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const ySeries = (v: number) => SERIES.top + SERIES.height - ((v - lo) / (hi - lo || 1)) * SERIES.height;
  const yProb = (p: number) => PROB.top + PROB.height - p * PROB.height;
  const path = (ys: number[]) => ys.map((y, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y.toFixed(1)}`).join('');
  return (
    <div data-testid="try.trend.result" data-accuracy={result.accuracy} data-steps={n} data-wrong={wrong}>
      <p>
        <strong>{formatPercent(result.accuracy)}</strong> of {n} steps right
        {wrong > 0 && <span className="muted"> ({wrong} wrong, marked ✕)</span>}. A step is 1 when the last two moves
        went the same way.
      </p>
      <svg
        className="trend-plot" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" data-testid="try.trend.plot"
        aria-label={`A new series of ${n} steps; the model called ${n - wrong} of them right.`}
      >
        <text x={PAD.left - 6} y={SERIES.top + 10} textAnchor="end" className="axis-tick">x</text>
        <path d={path(xs.map(ySeries))} className="trend-series" />
        <line x1={PAD.left} x2={W - PAD.right} y1={yProb(0.5)} y2={yProb(0.5)} className="trend-threshold" />
        {[0, 0.5, 1].map((t) => (
          <text key={t} x={PAD.left - 6} y={yProb(t) + 4} textAnchor="end" className="axis-tick">{t}</text>
        ))}
        <path d={path(steps.map((s) => yProb(s.p)))} className="trend-prob" />
        {steps.map((s, i) => {
          const miss = s.label !== s.predicted;
          return (
            <g key={i} data-mismatch={miss || undefined}>
              <title>{`step ${i + 1}: x = ${s.x.toFixed(2)}, true ${s.label}, predicted ${s.predicted} (p = ${s.p.toFixed(3)})`}</title>
              <circle cx={x(i)} cy={yProb(s.label)} r={3} className={miss ? 'trend-label trend-miss' : 'trend-label'} />
              {miss && <text x={x(i)} y={H - 4} textAnchor="middle" className="trend-miss-mark">✕</text>}
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend" aria-label="Legend">
        <li><span className="swatch" style={{ color: 'var(--faint)' }} />series x</li>
        <li><span className="swatch" style={{ color: 'var(--series-train)' }} />P(same direction)</li>
        <li><span className="swatch swatch-dot" style={{ color: 'var(--text)' }} />true label (0 or 1)</li>
        <li><span className="swatch swatch-dashed" style={{ color: 'var(--muted)' }} />0.5 threshold</li>
      </ul>
    </div>
  );
}
