/**
 * Generate a fresh series, or type your own, and compare the model's trend calls with the true
 * labels, step by step. A typed series is read as Inspect reads it (`engine/parseSeries.ts`).
 */
import { useState } from 'react';
import type { PredictResult } from '../../engine/types';
import { formatCount, formatPercent } from '../format';
import { useLab } from '../hooks/useLab';
import { useModelVersion } from '../hooks/useModelVersion';
import { usePrediction } from '../hooks/usePrediction';

/** Steps per generated series: enough to judge, short enough to read in one strip. */
const SERIES_LENGTH = 40;
/** Typing pauses this long before the series is read. */
const TYPING_DELAY_MS = 150;

type TrendResult = Extract<PredictResult, { kind: 'trend' }>;
/** Where the series shown came from: the last thing the user did. */
type Origin = 'generated' | 'typed';

export function TryTrend({ enabled }: { enabled: boolean }) {
  const predict = useLab((s) => s.predict);
  const [generated, setGenerated] = useState<TrendResult | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState('');
  const [origin, setOrigin] = useState<Origin>('generated');
  const version = useModelVersion();
  const request = enabled && origin === 'typed' && text.trim() !== '' ? ({ kind: 'trend', text } as const) : null;
  const typed = usePrediction(request, request ? text : '', version, TYPING_DELAY_MS);

  async function generate() {
    setBusy(true);
    setMessage(null);
    setOrigin('generated');
    try {
      // A new seed per click: each click shows a series the model has never seen.
      const seed = Math.floor(Math.random() * 2_147_483_647);
      const answer = await predict({ kind: 'trend', seed, length: SERIES_LENGTH });
      if (answer.kind === 'trend') setGenerated(answer);
      else if (answer.kind === 'invalid') setMessage(answer.message);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e));
    } finally {
      setBusy(false);
    }
  }

  const shown = origin === 'typed' ? (typed.result?.kind === 'trend' ? typed.result : null) : generated;
  const error = origin === 'typed' ? (typed.result?.kind === 'invalid' ? typed.result.message : typed.error) : message;

  return (
    <div className="try-trend">
      <button type="button" className="btn" data-testid="try.trend.generate" disabled={!enabled || busy} onClick={generate}>
        {generated ? 'Generate another series' : 'Generate a series'}
      </button>
      <label htmlFor="try-trend-input" className="field-label try-trend-label">
        Or type your own series (numbers separated by commas)
      </label>
      <input
        id="try-trend-input"
        className="series-input"
        data-testid="try.trend.input"
        value={text}
        placeholder="0.2, 0.5, 0.4, 0.9, 0.7"
        disabled={!enabled}
        autoComplete="off"
        spellCheck={false}
        inputMode="decimal"
        onChange={(e) => {
          setText(e.target.value);
          setOrigin('typed');
        }}
      />
      {error && (
        <p className="field-error" role="alert" data-testid="try.trend.error">
          {error}
        </p>
      )}
      {shown && <TrendStrip result={shown} origin={origin} stale={origin === 'typed' && typed.pending} />}
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
function TrendStrip({ result, origin, stale }: { result: TrendResult; origin: Origin; stale: boolean }) {
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
    <div
      className={stale ? 'stale' : undefined} data-testid="try.trend.result" data-origin={origin}
      data-accuracy={result.accuracy} data-steps={n} data-wrong={wrong}
    >
      <p>
        {origin === 'typed' ? 'Your series: ' : 'A new series: '}
        <strong>{formatPercent(result.accuracy)}</strong> of {formatCount(n, 'step')} right
        {wrong > 0 && <span className="muted"> ({wrong} wrong, marked ✕)</span>}. A step is 1 when the last two moves
        went the same way.
      </p>
      <svg
        className="trend-plot" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" data-testid="try.trend.plot"
        aria-label={`${origin === 'typed' ? 'Your series' : 'A new series'} of ${formatCount(n, 'step')}; the model called ${n - wrong} of them right.`}
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
