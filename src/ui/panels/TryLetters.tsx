/**
 * Type letters, see the next letter the model predicts, with its top three probabilities. Says
 * how the trained model reads letters, and marks an input its training data never held.
 */
import { useState } from 'react';
import { usePrediction } from '../hooks/usePrediction';
import { useModelVersion } from '../hooks/useModelVersion';
import { ProbBars } from './ProbBars';
import { UnseenNote, useLetterCoverage } from './UnseenNote';

export function TryLetters({ enabled }: { enabled: boolean }) {
  const [text, setText] = useState('');
  const version = useModelVersion();
  const request = enabled && text !== '' ? ({ kind: 'letters', text } as const) : null;
  const { result, error } = usePrediction(request, request ? text : '', version, 30);
  const coverage = useLetterCoverage();
  const verdict = result?.kind === 'letters' ? coverage?.judge(result.input) : null;

  return (
    <div className="try-letters">
      <label htmlFor="try-letters" className="field-label">
        Letters (A–Z)
      </label>
      {coverage && (
        <p className="muted small" id="try-letters-hint" data-testid="try.letters.hint">
          {coverage.hint}
        </p>
      )}
      <input
        id="try-letters"
        className="letters-input"
        data-testid="try.letters.input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={`e.g. ${coverage?.example ?? 'KLM'}`}
        aria-describedby={coverage ? 'try-letters-hint' : undefined}
        disabled={!enabled}
        autoComplete="off"
        spellCheck={false}
      />
      {error && (
        <p className="field-error" data-testid="try.letters.error" role="alert">
          {error}
        </p>
      )}
      {result?.kind === 'invalid' && (
        <p className="field-error" data-testid="try.letters.error" role="alert">
          {result.message}
        </p>
      )}
      {result?.kind === 'letters' && result.top.length > 0 && (
        <div
          className="letters-result"
          data-testid="try.letters.result"
          data-letter={result.top[0].letter}
          data-seen={verdict ? String(verdict.seen) : undefined}
        >
          <UnseenNote verdict={verdict} testId="try.letters.unseen" />
          <p>
            After <code>{result.input}</code> comes <strong className="big-letter">{result.top[0].letter}</strong>
          </p>
          <ProbBars items={result.top.slice(0, 3)} />
        </div>
      )}
    </div>
  );
}
