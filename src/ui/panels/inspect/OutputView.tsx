/** What the model answers for the inspected input: the letter distribution, a review's words shaded by attribution, a series' per-step predictions. */
import { Fragment } from 'react';
import type { InspectResult } from '../../../engine/inspect/types';
import { formatPercent } from '../../format';
import { css, diverging } from './colorScale';

type Answer<K extends InspectResult['kind']> = Extract<InspectResult, { kind: K }>;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function LettersOutput({ result }: { result: Answer<'letters'> }) {
  const top = result.probabilities.indexOf(Math.max(...result.probabilities));
  return (
    <figure className="inspect-letters" data-testid="inspect.output" data-top={LETTERS[top]}>
      <figcaption>
        Next letter after <code>{result.input}</code>: <strong>{LETTERS[top]}</strong> ({formatPercent(result.probabilities[top])})
        {result.stateful && <span className="muted small"> — the state is carried from letter to letter, one call each, as the strip below shows.</span>}
      </figcaption>
      <div className="inspect-bars" role="img" aria-label="probability of each next letter">
        {result.probabilities.map((p, k) => (
          <span key={k} className="inspect-bar" title={`${LETTERS[k]}: ${formatPercent(p)}`}>
            <span style={{ height: `${Math.max(1, p * 100)}%` }} className={k === top ? 'top' : undefined} />
            <span className="inspect-bar-label">{LETTERS[k]}</span>
          </span>
        ))}
      </div>
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
            within {(a.relativeError * 100).toFixed(1)} % ({a.steps} steps along the path). Red pushes positive, blue negative.
          </span>
        )}
      </figcaption>
      {a && (
        <p className="tokens">
          {result.tokens.map((t, k) => (
            <Fragment key={k}>
              <span
                className={'tok tok-' + t.status}
                data-attribution={a.words[k]}
                style={t.status === 'cut' ? undefined : { background: css(diverging(a.words[k], max)) }}
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
  return (
    <figure className="inspect-trend" data-testid="inspect.output" data-steps={result.steps.length}>
      <figcaption>Each step’s prediction that the series keeps its direction; the layers below show the last step’s three inputs.</figcaption>
      <ol className="inspect-trend-steps small">
        {result.steps.map((s, k) => (
          <li key={k} className={(s.p >= 0.5 ? 1 : 0) === s.label ? 'right' : 'wrong'}>
            {s.x} → {formatPercent(s.p)} {s.label ? '(kept)' : '(turned)'}
          </li>
        ))}
      </ol>
    </figure>
  );
}
