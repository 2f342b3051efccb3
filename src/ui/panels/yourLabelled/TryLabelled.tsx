/**
 * Try a classifier of the user's labelled texts: type a sentence, see each class's probability and
 * each word shaded by its share in the predicted class (the occlusion of IMDB's review box, with
 * its colour scale and legend), unknown words and words cut by maxlen marked.
 */
import { Fragment, useEffect, useState } from 'react';
import type { PredictResult } from '../../../engine/types';
import { formatPercent } from '../../format';
import { wordTint } from '../inspect/colorScale';
import { SignLegend } from '../inspect/SignLegend';

type Answer = Extract<PredictResult, { kind: 'classify' }>;

export function TryLabelled({ canTry, version, ask }: { canTry: boolean; version: number; ask: (text: string) => Promise<PredictResult> }) {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<PredictResult | null>(null);
  useEffect(() => {
    if (!canTry || text.trim() === '') return setAnswer(null);
    let current = true;
    ask(text).then(
      (result) => current && setAnswer(result),
      (e: unknown) => current && setAnswer({ kind: 'invalid', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [text, canTry, version, ask]);
  return (
    <div className="your-labelled-try">
      <label htmlFor="your-labelled-try" className="field-label">Try: which class is this sentence?</label>
      <textarea
        id="your-labelled-try"
        data-testid="yourLabelled.try"
        rows={2}
        value={text}
        disabled={!canTry}
        onChange={(e) => setText(e.target.value)}
        placeholder={canTry ? 'Type a sentence…' : 'Train for an epoch first'}
        spellCheck={false}
      />
      {answer?.kind === 'invalid' && <p className="field-error" role="alert" data-testid="yourLabelled.try.problem">{answer.message}</p>}
      {answer?.kind === 'classify' && <AnswerView answer={answer} />}
    </div>
  );
}

function AnswerView({ answer }: { answer: Answer }) {
  const predicted = answer.classes[answer.predicted];
  let maxAbs = 0;
  for (const t of answer.tokens) if (t.status === 'ok') maxAbs = Math.max(maxAbs, Math.abs(t.contribution));
  return (
    <div data-testid="yourLabelled.try.answer" data-predicted={predicted.name}>
      <p>
        <strong data-testid="yourLabelled.try.predicted">{predicted.name}</strong> ({formatPercent(predicted.p)})
      </p>
      <ul className="your-labelled-classes" aria-label="Probability of each class">
        {answer.classes.map((c) => (
          <li key={c.name} data-testid="yourLabelled.try.class" data-class={c.name} data-p={c.p}>
            <span className="your-labelled-class-name">{c.name}</span>
            <span className="your-labelled-bar" aria-hidden="true"><span style={{ width: formatPercent(c.p) }} /></span>
            <span>{formatPercent(c.p)}</span>
          </li>
        ))}
      </ul>
      <SignLegend testId="yourLabelled.try.legend" words={{ positive: `pushes toward ${predicted.name}`, negative: `pushes away from ${predicted.name}` }}>
        {' '}
        <span className="tok tok-oov">unknown word</span> <span className="tok tok-cut">cut by maxlen</span>
      </SignLegend>
      <p className="tokens" data-testid="yourLabelled.try.tokens">
        {answer.tokens.map((t, i) => (
          <Fragment key={i}>
            <span
              className={'tok tok-' + t.status}
              data-status={t.status}
              data-contribution={t.contribution}
              style={t.status === 'ok' ? { background: wordTint(t.contribution, maxAbs) } : undefined}
              title={t.status === 'oov' ? `${t.word}: not in the vocabulary` : t.status === 'cut' ? `${t.word}: cut by maxlen (the model never sees it)` : `${t.word}: ${t.contribution >= 0 ? '+' : ''}${t.contribution.toFixed(3)}`}
            >
              {t.word}
            </span>{' '}
          </Fragment>
        ))}
      </p>
    </div>
  );
}
