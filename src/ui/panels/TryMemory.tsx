/**
 * The "Why LSTM?" card's Try: digits with one letter A–D among them, typed or drawn at random at
 * the length the model trained on, and which letter the model says it saw, with how far back it was. Read as Inspect reads it
 * (`engine/data/memory.ts`), so both panels accept and refuse the same input.
 */
import { useState } from 'react';
import { letterOf, memorySequence } from '../../engine/data/memory';
import type { PredictResult } from '../../engine/types';
import { useLab } from '../hooks/useLab';
import { useModelVersion } from '../hooks/useModelVersion';
import { usePrediction } from '../hooks/usePrediction';
import { ProbBars } from './ProbBars';

/** Typing pauses this long before the sequence is read. */
const TYPING_DELAY_MS = 30;

/** Draws from `Math.random`: each click shows a sequence the model has never seen. */
const freshDraws = { int: (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo)) };

export function TryMemory({ enabled }: { enabled: boolean }) {
  const steps = useLab((s) => (s.runConfig ?? s.config).hp.seqLength);
  const [text, setText] = useState('');
  const version = useModelVersion();
  const request = enabled && text.trim() !== '' ? ({ kind: 'memory', text } as const) : null;
  const { result, error } = usePrediction(request, request ? text : '', version, TYPING_DELAY_MS);
  const message = result?.kind === 'invalid' ? result.message : error;

  return (
    <div className="try-memory">
      <button type="button" className="btn" data-testid="try.memory.generate" disabled={!enabled} onClick={() => setText(memorySequence(steps, freshDraws))}>
        A random sequence of {steps}
      </button>
      <label htmlFor="try-memory-input" className="field-label">
        Or type one: digits with one letter A–D among them (a shorter one is read after empty steps)
      </label>
      <input
        id="try-memory-input"
        className="letters-input memory-input"
        data-testid="try.memory.input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="e.g. 2718B2818284590452"
        disabled={!enabled}
        autoComplete="off"
        spellCheck={false}
      />
      {message && (
        <p className="field-error" data-testid="try.memory.error" role="alert">
          {message}
        </p>
      )}
      {result?.kind === 'memory' && <MemoryAnswer result={result} />}
    </div>
  );
}

function MemoryAnswer({ result }: { result: Extract<PredictResult, { kind: 'memory' }> }) {
  const { letter, distance } = letterOf(result.input);
  const remembered = result.top[0].letter === letter;
  return (
    <div className="letters-result" data-testid="try.memory.result" data-letter={result.top[0].letter} data-remembered={remembered}>
      <p>
        <code>{letter}</code> was {distance} step{distance === 1 ? '' : 's'} before the end; the model says{' '}
        <strong className="big-letter">{result.top[0].letter}</strong>
        {remembered ? ': it remembered.' : ': it forgot.'}
      </p>
      <ProbBars items={result.top} />
    </div>
  );
}
