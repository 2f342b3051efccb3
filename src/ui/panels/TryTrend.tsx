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

function TrendStrip({ result }: { result: TrendResult }) {
  const wrong = result.steps.filter((s) => s.label !== s.predicted).length;
  return (
    <div data-testid="try.trend.result" data-accuracy={result.accuracy}>
      <p>
        <strong>{formatPercent(result.accuracy)}</strong> of {result.steps.length} steps right
        {wrong > 0 && <span className="muted"> ({wrong} wrong, marked)</span>}. 1 = the last two moves went the same way.
      </p>
      <div className="trend-strip" role="region" aria-label="Series, labels and predictions" tabIndex={0}>
        <table>
          <tbody>
            <tr>
              <th scope="row">x</th>
              {result.steps.map((s, i) => (
                <td key={i}>{s.x.toFixed(2)}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">true</th>
              {result.steps.map((s, i) => (
                <td key={i}>{s.label}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">predicted</th>
              {result.steps.map((s, i) => (
                <td
                  key={i}
                  className={s.label === s.predicted ? 'cell-good' : 'cell-bad'}
                  data-mismatch={s.label !== s.predicted || undefined}
                  title={`p = ${s.p.toFixed(3)}`}
                >
                  {s.predicted}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
