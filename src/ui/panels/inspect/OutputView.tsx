/** What the model answers for the inspected input: the letter distribution, a review's words shaded by attribution, a series' per-step predictions. */
import { Fragment } from 'react';
import type { InspectResult } from '../../../engine/inspect/types';
import { MEMORY_KEYS } from '../../../scenarios/memory';
import { formatCount, formatPercent } from '../../format';
import { wordTint } from './colorScale';
import { SignLegend } from './SignLegend';
import { trendInputsSentence } from './trendInputs';

type Answer<K extends InspectResult['kind']> = Extract<InspectResult, { kind: K }>;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** One column per class, its height the probability, the likeliest marked. */
function ColumnBars({ labels, probabilities, top, label }: { labels: string; probabilities: number[]; top: number; label: string }) {
  return (
    <div className="inspect-bars" role="img" aria-label={label}>
      {probabilities.map((p, k) => (
        <span key={k} className="inspect-bar" title={`${labels[k]}: ${formatPercent(p)}`}>
          <span style={{ height: `${Math.max(1, p * 100)}%` }} className={k === top ? 'top' : undefined} />
          <span className="inspect-bar-label">{labels[k]}</span>
        </span>
      ))}
    </div>
  );
}

export function LettersOutput({ result }: { result: Answer<'letters'> }) {
  const top = result.probabilities.indexOf(Math.max(...result.probabilities));
  return (
    <figure className="inspect-letters" data-testid="inspect.output" data-top={LETTERS[top]}>
      <figcaption>
        Next letter after <code>{result.input}</code>: <strong>{LETTERS[top]}</strong> ({formatPercent(result.probabilities[top])})
        {result.stateful && <span className="muted small"> — the state is carried from letter to letter, one call each, as the strip below shows.</span>}
      </figcaption>
      <ColumnBars labels={LETTERS} probabilities={result.probabilities} top={top} label="probability of each next letter" />
    </figure>
  );
}

export function MemoryOutput({ result }: { result: Answer<'memory'> }) {
  const top = result.probabilities.indexOf(Math.max(...result.probabilities));
  return (
    <figure className="inspect-letters" data-testid="inspect.output" data-top={MEMORY_KEYS[top]}>
      <figcaption>
        The letter, as the model remembers it: <strong>{MEMORY_KEYS[top]}</strong> ({formatPercent(result.probabilities[top])})
        <span className="muted small"> — look for units whose cell (GRU: h) changes at the letter and then holds its value to the last step, while the forget gate (GRU: update gate z) stays near 1.</span>
      </figcaption>
      <ColumnBars labels={MEMORY_KEYS} probabilities={result.probabilities} top={top} label="probability of each letter" />
    </figure>
  );
}

export function ReviewOutput({ result }: { result: Answer<'review'> }) {
  const a = result.attributions;
  const max = a ? Math.max(1e-9, ...a.words.map(Math.abs), Math.abs(a.start)) : 0;
  return (
    <figure className="inspect-review" data-testid="inspect.output" data-probability={result.probabilities[0]}>
      <figcaption>
        {formatPercent(result.probabilities[0])} positive.{' '}
        {!a && <span className="muted small">Working out word attributions…</span>}
        {a && (
          <span className="muted small" data-testid="inspect.attributions" data-complete={a.complete} data-steps={a.steps}>
            Word attributions by integrated gradients from an all-padding review ({formatPercent(a.atBaseline)}): they add up to the difference
            within {(a.relativeError * 100).toFixed(1)} % ({formatCount(a.steps, 'step')} along the path).
          </span>
        )}
      </figcaption>
      {a && <SignLegend testId="inspect.legend" />}
      {a && (
        <p className="tokens">
          {result.tokens.map((t, k) => (
            <Fragment key={k}>
              <span
                className={'tok tok-' + t.status}
                data-attribution={a.words[k]}
                style={t.status === 'cut' ? undefined : { background: wordTint(a.words[k], max) }}
                title={`${t.word}: ${a.words[k].toFixed(4)}`}
              >
                {t.word}
              </span>{' '}
            </Fragment>
          ))}
        </p>
      )}
    </figure>
  );
}

export function TrendOutput({ result }: { result: Answer<'trend'> }) {
  // The first layer's timesteps are the model's inputs, one feature each: as many as the model takes.
  const inputs = result.layers[0]?.steps ?? [];
  return (
    <figure className="inspect-trend" data-testid="inspect.output" data-steps={result.steps.length}>
      <figcaption data-testid="inspect.trend.caption">
        Each step’s prediction that the series keeps its direction; {trendInputsSentence(inputs.map((s) => s.label))}
      </figcaption>
      <table className="inspect-trend-steps small" data-testid="inspect.trend.steps">
        <thead>
          <tr>
            <th scope="col">step</th>
            <th scope="col">x</th>
            <th scope="col">P(keeps its direction)</th>
            <th scope="col">what it did</th>
          </tr>
        </thead>
        <tbody>
          {result.steps.map((s, k) => (
            <tr key={k} className={(s.p >= 0.5 ? 1 : 0) === s.label ? 'right' : 'wrong'}>
              <td>{k + 1}</td>
              <td>{s.x}</td>
              <td>{formatPercent(s.p)}</td>
              <td>{s.label ? 'kept' : 'turned'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
