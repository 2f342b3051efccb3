/**
 * Inspect: what the trained LSTM does with the user's own input, per layer and timestep (gates,
 * cell and hidden state), with the model's answer and, for reviews, word attributions. It asks the
 * engine as the user types and again after every epoch, so a learner can watch the gates organise
 * themselves while the model trains.
 */
import { useState } from 'react';
import { valueLabel, type CellChoice } from '../../../config/hyperparams';
import { seriesStepLabel } from '../../../engine/inspect/inspectSeries';
import type { InspectRequest, InspectResult } from '../../../engine/inspect/types';
import type { Scenario } from '../../../scenarios/types';
import { canPredict, selectModelMissing, selectRunScenario } from '../../../state/selectors';
import { useEngineAnswer } from '../../hooks/useEngineAnswer';
import { useLab } from '../../hooks/useLab';
import { useModelVersion } from '../../hooks/useModelVersion';
import { UnseenNote, useLetterCoverage } from '../UnseenNote';
import { LstmView } from './LstmView';
import { LettersOutput, MemoryOutput, ReviewOutput, TrendOutput } from './OutputView';
import { EXPLAINER } from './quantities';
import './inspect.css';

/** Typing pauses this long before the attributions are asked for. */
const ATTRIBUTIONS_DELAY_MS = 400;
/**
 * The gates, cells and hidden states come in milliseconds for the tutorial models (from the try worker's
 * snapshot, never behind a training step; a review's padding computed once per snapshot): ask almost at
 * once, for an answer within 100 ms of a keystroke. Keys closer together than this share one question.
 */
const TRACE_DELAY_MS = 10;

interface InputRow {
  label: string;
  placeholder: string;
  multiline: boolean;
  request(text: string): InspectRequest;
}

/** One kind of input per tutorial family, as "try the model" has. */
const INPUTS: { readonly [F in Scenario['family']]: InputRow } = {
  alphabet: { label: 'Letters (A–Z)', placeholder: 'e.g. KLM', multiline: false, request: (text) => ({ kind: 'letters', text }) },
  // Attributions take a forward and backward pass per point of the path (seconds for a 500-word
  // model): they are asked for separately, after typing settles, so the heatmaps need not wait.
  imdb: { label: 'A movie review', placeholder: 'A slow start, but the acting is wonderful…', multiline: true, request: (text) => ({ kind: 'review', text, attributions: false }) },
  trend: { label: 'A series (numbers separated by commas)', placeholder: '0.2, 0.5, 0.4, 0.9', multiline: false, request: (text) => ({ kind: 'trend', text }) },
  memory: { label: 'Digits with one letter A–D among them', placeholder: 'e.g. 3C141592653589793', multiline: false, request: (text) => ({ kind: 'memory', text }) },
};

/** What the layer's quantities are about, by kind (the tutorials are LSTMs; a card beyond them may train any kind). */
const INTRO: { readonly [C in CellChoice]: string } = {
  lstm: 'the three gates decide what the cell writes, keeps and shows.',
  gru: 'the update gate z decides how much of its state each step keeps, the reset gate r how much of it the candidate reads.',
  simpleRnn: 'one hidden state, rewritten from the input and itself at every step, with no gate to keep it.',
};

export function InspectPanel() {
  const scenario = useLab(selectRunScenario);
  const cell = useLab((s) => (s.runConfig ?? s.config).hp.cell);
  const enabled = useLab(canPredict);
  const missing = useLab(selectModelMissing);
  const inspect = useLab((s) => s.inspect);
  const version = useModelVersion();
  const [texts, setTexts] = useState<Partial<Record<Scenario['family'], string>>>({});
  const input = INPUTS[scenario.family];
  const text = texts[scenario.family] ?? '';
  const request = enabled && text.trim() !== '' ? input.request(text) : null;
  const { result, error, pending } = useEngineAnswer(inspect, request, request ? `${scenario.family}:${text}` : '', version, TRACE_DELAY_MS);
  const attributionsRequest = request?.kind === 'review' ? { ...request, attributions: true } : null;
  const attributed = useEngineAnswer(inspect, attributionsRequest, attributionsRequest ? text : '', version, ATTRIBUTIONS_DELAY_MS);
  const attributions = attributed.result?.kind === 'review' && !attributed.pending ? attributed.result.attributions : undefined;
  const setText = (value: string) => setTexts((t) => ({ ...t, [scenario.family]: value }));

  return (
    <section className="panel inspect-panel" aria-labelledby="inspect-title" data-testid="inspect.panel" data-enabled={enabled}>
      <h2 id="inspect-title" className="panel-title">Inspect the {valueLabel('cell', cell)}</h2>
      <p className="muted small">
        Every {valueLabel('cell', cell)} layer, step by step, on your input: {INTRO[cell]} Read{' '}
        <a href={EXPLAINER.url} target="_blank" rel="noreferrer">
          {EXPLAINER.title}
        </a>{' '}
        for the picture behind them.
      </p>
      {!enabled && <p className="muted" data-testid="inspect.missing">{missing ?? 'Train for at least one epoch, then look inside the model here; it refreshes after every epoch.'}</p>}
      <label htmlFor="inspect-input" className="field-label">
        {input.label}
      </label>
      {input.multiline ? (
        <textarea id="inspect-input" data-testid="inspect.input" rows={3} value={text} placeholder={input.placeholder} disabled={!enabled} onChange={(e) => setText(e.target.value)} />
      ) : (
        <input id="inspect-input" data-testid="inspect.input" value={text} placeholder={input.placeholder} disabled={!enabled} autoComplete="off" spellCheck={false} onChange={(e) => setText(e.target.value)} />
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="inspect.error">
          {error}
        </p>
      )}
      {result && <InspectResultView result={result.kind === 'review' ? { ...result, attributions } : result} stale={pending} />}
    </section>
  );
}

/** What a result answers (letters as read, a series as parsed): the same as the box unless a newer question is on its way. */
const ANSWERED: { readonly [K in InspectResult['kind']]: (r: Extract<InspectResult, { kind: K }>) => string | undefined } = {
  letters: (r) => r.input,
  memory: (r) => r.input,
  review: (r) => r.text,
  trend: (r) => r.series.join(', '),
  chars: (r) => r.input,
  series: (r) => r.steps.map((s) => seriesStepLabel(s.values)).join(', '),
  words: (r) => r.text,
  invalid: () => undefined,
};

function InspectResultView({ result, stale }: { result: InspectResult; stale: boolean }) {
  const coverage = useLetterCoverage();
  if (result.kind === 'invalid') {
    return (
      <p className="field-error" role="alert" data-testid="inspect.error">
        {result.message}
      </p>
    );
  }
  return (
    <div
      className={'inspect-result' + (stale ? ' stale' : '')} data-testid="inspect.result"
      data-input={(ANSWERED[result.kind] as (r: InspectResult) => string | undefined)(result)}
    >
      {result.kind === 'letters' && (
        <>
          <UnseenNote verdict={coverage?.judge(result.input)} testId="inspect.unseen" />
          <LettersOutput result={result} />
        </>
      )}
      {result.kind === 'memory' && <MemoryOutput result={result} />}
      {result.kind === 'review' && <ReviewOutput result={result} />}
      {result.kind === 'trend' && <TrendOutput result={result} />}
      <LstmView layers={result.layers} />
    </div>
  );
}
