/**
 * Try a text model (issue #20): type a prefix and see the next character's five likeliest choices,
 * then "Write on" to watch a continuation grow one character at a time at the temperature the
 * slider sets, until Stop, a new prefix or its length ends it. The answers come from the card's
 * model on this thread (`CharModel`: the run's latest weights or a loaded model file), so a model
 * downloaded and loaded back answers exactly as it did.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { formatPercent } from '../../format';
import type { TextRunStore } from './textRunStore';

/** The slider's range and starting point: 0.5, the example's middle diversity. */
export const TEMPERATURE = { min: 0.1, max: 2, step: 0.1, initial: 0.5 } as const;

/** Seeds a prefix's first continuation; each further press of Write on for the same prefix draws on (seed + presses). */
export const CONTINUATION_SEED = 1;

type Answer = { kind: 'top'; top: { char: string; p: number }[] } | { kind: 'problem'; message: string } | null;

/** How a character reads in a list: spaces and line breaks made visible. */
const shown = (c: string) => (c === ' ' ? '␣' : c === '\n' ? '↵' : c);

interface Continuation {
  prefix: string;
  temperature: number;
  text: string;
  state: 'writing' | 'stopped' | 'done' | 'failed';
  message?: string;
}

export function TextTry({ store }: { store: TextRunStore }) {
  const tried = useStore(store, (s) => s.model);
  const model = tried?.model;
  const inputId = useId();
  const sliderId = useId();
  const [prefix, setPrefix] = useState('');
  const [answer, setAnswer] = useState<Answer>(null);
  const [temperature, setTemperature] = useState<number>(TEMPERATURE.initial);
  const [continuation, setContinuation] = useState<Continuation | null>(null);
  const writing = useRef<AbortController | null>(null);
  const presses = useRef(0);

  const stop = () => {
    writing.current?.abort();
    writing.current = null;
  };

  // A new prefix or another model ends the continuation of the old one at once.
  useEffect(() => {
    stop();
    presses.current = 0;
    setContinuation(null);
  }, [prefix, model]);
  useEffect(() => stop, []);

  useEffect(() => {
    if (!model || prefix === '') return setAnswer(null);
    let current = true;
    store.getState().tryNext(prefix).then(
      (next) => current && setAnswer(next.kind === 'chars' ? { kind: 'top', top: next.top } : { kind: 'problem', message: next.kind === 'invalid' ? next.message : 'This model does not answer with characters.' }),
      (e: unknown) => current && setAnswer({ kind: 'problem', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [store, model, prefix]);

  const writeOn = async () => {
    if (!model) return;
    stop();
    const controller = new AbortController();
    writing.current = controller;
    const rngSeed = CONTINUATION_SEED + presses.current++;
    let text = '';
    setContinuation({ prefix, temperature, text, state: 'writing' });
    try {
      const [{ continueText }, { createRng }, { charModelPredictor }] = await Promise.all([
        import('../../../engine/charText/continueText'), import('../../../engine/rng'), import('../../../engine/charText/charModel'),
      ]);
      const rng = createRng(rngSeed);
      for await (const c of continueText(charModelPredictor(model), model.vocabulary, model.seqLength, prefix, { temperature, rng, signal: controller.signal })) {
        text += c;
        setContinuation({ prefix, temperature, text, state: 'writing' });
      }
      if (controller.signal.aborted) {
        // Stopped by the button (kept on screen) or by a new prefix (already cleared).
        setContinuation((c) => (c && c.prefix === prefix ? { ...c, text, state: 'stopped' } : c));
      } else {
        setContinuation({ prefix, temperature, text, state: 'done' });
      }
    } catch (e) {
      setContinuation({ prefix, temperature, text, state: 'failed', message: e instanceof Error ? e.message : String(e) });
    } finally {
      if (writing.current === controller) writing.current = null;
    }
  };

  const canTry = model !== undefined;
  const isWriting = continuation?.state === 'writing';
  return (
    <div className="your-text-try" data-testid="yourText.tryPanel" data-model={tried ? tried.from.kind : 'none'}>
      <label htmlFor={inputId} className="field-label">
        Try: what comes next?
        {tried?.from.kind === 'file' && <span className="muted small" data-testid="yourText.try.from"> (the model from {tried.from.name})</span>}
      </label>
      <input
        id={inputId}
        data-testid="yourText.try"
        value={prefix}
        disabled={!canTry}
        onChange={(e) => setPrefix(e.target.value)}
        placeholder={canTry ? 'Type the start of a sentence…' : 'Train for an epoch, or load a model, first'}
        autoComplete="off"
        spellCheck={false}
      />
      {answer?.kind === 'problem' && <p className="field-error" role="alert" data-testid="yourText.try.problem">{answer.message}</p>}
      {answer?.kind === 'top' && (
        <ol className="your-text-top" data-testid="yourText.try.top" aria-label="The next character’s five likeliest choices">
          {answer.top.map((t) => (
            <li key={t.char} data-char={t.char} data-p={t.p}>
              <code>{shown(t.char)}</code> {formatPercent(t.p)}
            </li>
          ))}
        </ol>
      )}
      <div className="your-text-continue">
        <label htmlFor={sliderId} className="your-text-temperature">
          <span className="field-label">Temperature <output htmlFor={sliderId} data-testid="yourText.temperature.value">{temperature.toFixed(1)}</output></span>
          <input
            id={sliderId}
            type="range"
            min={TEMPERATURE.min}
            max={TEMPERATURE.max}
            step={TEMPERATURE.step}
            value={temperature}
            data-testid="yourText.temperature"
            aria-valuetext={`${temperature.toFixed(1)}: ${temperature < 0.5 ? 'safe, repetitive' : temperature <= 1 ? 'middling' : 'adventurous'}`}
            onChange={(e) => setTemperature(Number(e.target.value))}
          />
        </label>
        <button type="button" className="btn btn-small" data-testid="yourText.writeOn" disabled={!canTry || prefix === '' || answer?.kind !== 'top'} onClick={() => void writeOn()}>
          Write on
        </button>
        <button type="button" className="btn btn-small" data-testid="yourText.writeOn.stop" disabled={!isWriting} onClick={stop}>
          Stop
        </button>
      </div>
      {continuation && (
        <div data-testid="yourText.continuation" data-state={continuation.state} data-length={[...continuation.text].length}>
          <pre className="your-text-generated" aria-live="off"><span className="muted">{continuation.prefix}</span>{continuation.text}</pre>
          <p className="muted small" role="status">
            {continuation.state === 'writing' ? 'Writing…' : continuation.state === 'stopped' ? `Stopped after ${[...continuation.text].length} characters.` : continuation.state === 'done' ? `${[...continuation.text].length} characters at temperature ${continuation.temperature.toFixed(1)}.` : continuation.message}
          </p>
        </div>
      )}
    </div>
  );
}
