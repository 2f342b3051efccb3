/**
 * Type a review, see the probability that it is positive, and see each word as the model read it:
 * shaded by its contribution (the one signed scale of `inspect/colorScale.ts`, as Inspect shades words), with out-of-vocabulary words and words cut by maxlen marked. The
 * contribution is by occlusion (the change when the word is left out) or, as the user chooses, by
 * integrated gradients (computed off the main thread by the Inspect engine; they add up to the
 * change from an all-padding review).
 */
import { Fragment, memo, useLayoutEffect, useRef, useState } from 'react';
import type { PredictResult } from '../../engine/types';
import { formatInt, formatPercent } from '../format';
import { usePrediction } from '../hooks/usePrediction';
import { useEngineAnswer } from '../hooks/useEngineAnswer';
import { useLab } from '../hooks/useLab';
import { useModelVersion } from '../hooks/useModelVersion';
import { wordTint } from './inspect/colorScale';
import { SignLegend } from './inspect/SignLegend';
import { learnedShortTexts, shortReviewNote } from './shortReviewNote';
import { selectRunScenario } from '../../state/selectors';

/** Rendering every token of a 100 KB paste would freeze the page; the rest is summarised. */
const MAX_TOKENS_SHOWN = 400;

/**
 * The box's length cap. With 1 MB in a textarea, Chromium's layout of it alone takes ~0.4 s on
 * every keystroke (measured: bench/speed waits, `paste-1mb`); a paste is cut to this many
 * characters by the browser instead, far more than any IMDB review holds.
 */
const MAX_REVIEW_CHARS = 100_000;

type ReviewResult = Extract<PredictResult, { kind: 'review' }>;

/** How the words are shaded: what each word's removal changes, or its integrated-gradients share. */
type Shading = 'occlusion' | 'gradients';
const SHADING_TEXT: { readonly [S in Shading]: string } = { occlusion: 'leaving the word out', gradients: 'integrated gradients' };
/** Attributions take seconds on the larger models: ask only once typing has paused. */
const GRADIENTS_DELAY_MS = 400;

export function TryReview({ enabled }: { enabled: boolean }) {
  const [text, setText] = useState('');
  const version = useModelVersion();
  const request = enabled && text.trim() !== '' ? ({ kind: 'review', text } as const) : null;
  const { result, error, pending } = usePrediction(request, request ? text : '', version, 100);
  const [shading, setShading] = useState<Shading>('occlusion');
  const inspect = useLab((s) => s.inspect);
  const gradientsRequest = request && shading === 'gradients' ? ({ kind: 'review', text } as const) : null;
  const gradients = useEngineAnswer(inspect, gradientsRequest, gradientsRequest ? text : '', version, GRADIENTS_DELAY_MS);
  const attributions = gradients.result?.kind === 'review' ? gradients.result.attributions?.words : undefined;

  return (
    <div className="try-review">
      <label htmlFor="try-review" className="field-label">
        A movie review
      </label>
      <textarea
        id="try-review"
        data-testid="try.review.input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={4}
        placeholder="This movie was a delight from start to finish…"
        disabled={!enabled}
        maxLength={MAX_REVIEW_CHARS}
      />
      {text.length >= MAX_REVIEW_CHARS && (
        <p className="muted small" data-testid="try.review.capped">
          Reviews are cut at {formatInt(MAX_REVIEW_CHARS)} characters: the rest of a longer paste was left out.
        </p>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="try.review.error">
          {error}
        </p>
      )}
      {result?.kind === 'invalid' && (
        <p className="field-error" role="alert" data-testid="try.review.error">
          {result.message}
        </p>
      )}
      <fieldset className="shading-choice small" data-testid="try.review.shading" disabled={!enabled}>
        <legend className="muted">Shade words by</legend>
        {(Object.keys(SHADING_TEXT) as Shading[]).map((s) => (
          <label key={s}>
            <input type="radio" name="review-shading" value={s} checked={shading === s} onChange={() => setShading(s)} /> {SHADING_TEXT[s]}
          </label>
        ))}
        {shading === 'gradients' && gradients.pending && <span className="muted" data-testid="try.review.gradients.pending"> computing…</span>}
      </fieldset>
      {result?.kind === 'review' && (
        <ReviewResultView result={result} stale={pending} contributions={shading === 'gradients' ? attributions ?? null : undefined} />
      )}
    </div>
  );
}

/**
 * `contributions`: each word's share by integrated gradients, in place of the occlusion figures
 * (null while they are computed, when the words are not shaded).
 */
const ReviewResultView = memo(function ReviewResultView(
  { result, stale, contributions }: { result: ReviewResult; stale: boolean; contributions?: number[] | null },
) {
  const p = result.probability;
  const scenario = useLab(selectRunScenario);
  const hp = useLab((s) => (s.runConfig ?? s.config).hp);
  const selectScenario = useLab((s) => s.selectScenario);
  const note = shortReviewNote(result.tokens.filter((t) => t.status !== 'cut').length, result.window, learnedShortTexts(scenario, hp));
  return (
    <div className={'review-result' + (stale ? ' stale' : '')}>
      <div className="sentiment">
        <span className="muted">negative</span>
        <span className="sentiment-bar" aria-hidden="true">
          <span style={{ left: formatPercent(p) }} />
        </span>
        <span className="muted">positive</span>
        <strong data-testid="try.review.probability" data-probability={p}>
          {formatPercent(p)} positive
        </strong>
      </div>
      {note && (
        <p className="muted small" data-testid="try.review.short">
          {note}{' '}
          <button type="button" className="link-button" data-testid="try.review.shortCard" onClick={() => selectScenario('short-reviews')}>
            Open the short-reviews card
          </button>
        </p>
      )}
      <TokenView tokens={result.tokens} contributions={contributions} />
    </div>
  );
});

function TokenView({ tokens: given, contributions }: { tokens: ReviewResult['tokens']; contributions?: number[] | null }) {
  // The same words either way: integrated gradients give one figure per word of the text, as `tokens`.
  const tokens =
    contributions === undefined
      ? given
      : given.map((t, i) => ({ ...t, contribution: contributions !== null && contributions.length === given.length ? contributions[i] : 0 }));
  const hidden = Math.max(0, tokens.length - MAX_TOKENS_SHOWN);
  const shown = hidden > 0 ? tokens.slice(hidden) : tokens;
  let hiddenCut = 0;
  let hiddenOov = 0;
  for (let i = 0; i < hidden; i++) {
    if (tokens[i].status === 'cut') hiddenCut++;
    else if (tokens[i].status === 'oov') hiddenOov++;
  }
  let maxAbs = 0;
  for (const t of shown) if (t.status === 'ok') maxAbs = Math.max(maxAbs, Math.abs(t.contribution));

  // Words are cut from the front, so the end of a long review is what the model read: show it.
  const boxRef = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (box) box.scrollTop = box.scrollHeight;
  }, [tokens]);

  return (
    <div>
      <SignLegend testId="try.review.legend">
        {' '}
        <span className="tok tok-oov">unknown word</span> <span className="tok tok-cut">cut by maxlen</span>
      </SignLegend>
      <p
        ref={boxRef} className="tokens" data-testid="try.review.tokens" data-count={tokens.length} data-shown={shown.length}
        data-shading={contributions === undefined ? 'occlusion' : contributions === null ? 'pending' : 'gradients'}
      >
        {hidden > 0 && (
          <span className="tokens-summary" data-testid="try.review.tokens.hidden">
            … {formatInt(hidden)} earlier words not shown
            {hiddenCut > 0 && `, ${formatInt(hiddenCut)} of them cut by maxlen`}
            {hiddenOov > 0 && `, ${formatInt(hiddenOov)} unknown`} …{' '}
          </span>
        )}
        {shown.map((t, i) => (
          // The space after each word is where a long line may wrap.
          <Fragment key={i}>
            <span
              className={'tok tok-' + t.status}
              data-status={t.status}
              style={t.status === 'ok' ? { background: wordTint(t.contribution, maxAbs) } : undefined}
              title={tokenTitle(t)}
            >
              {t.word}
            </span>{' '}
          </Fragment>
        ))}
      </p>
    </div>
  );
}

function tokenTitle(t: ReviewResult['tokens'][number]): string {
  if (t.status === 'oov') return `${t.word}: not in the vocabulary`;
  if (t.status === 'cut') return `${t.word}: cut by maxlen (the model never sees it)`;
  return `${t.word}: ${t.contribution >= 0 ? '+' : ''}${t.contribution.toFixed(3)}`;
}
