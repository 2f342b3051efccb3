/**
 * The tutorial picker: one card per scenario, grouped by family, each saying what to expect. On a
 * narrow screen the cards give way to a compact select (CSS decides which shows), so Train is not
 * nine cards down. Leaving a tutorial while it trains asks first: switching stops the run.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { SCENARIOS, SCENARIO_LIST, expectationOf, isScenarioId, isTutorial, type Scenario, type ScenarioId } from '../../scenarios';
import { describeModel } from '../../engine/spec/describe';
import { isRunActive } from '../../state/selectors';
import { formatInt, formatPercent } from '../format';
import { useLab, useLabStore } from '../hooks/useLab';

/**
 * The picker's groups: the tutorials by family, then the lab's own cards, whatever their family
 * (the short-reviews card is of the IMDB family for its review box, but not a tutorial).
 */
const GROUPS: { key: string; title: string; blurb: string; holds(s: Scenario): boolean }[] = [
  { key: 'alphabet', title: 'Alphabet', blurb: 'Predict the next letter.', holds: (s) => isTutorial(s) && s.family === 'alphabet' },
  { key: 'trend', title: 'Trend', blurb: 'Did the series keep its direction?', holds: (s) => isTutorial(s) && s.family === 'trend' },
  { key: 'imdb', title: 'IMDB sentiment', blurb: 'Is a movie review positive?', holds: (s) => isTutorial(s) && s.family === 'imdb' },
  { key: 'beyond', title: 'Beyond the tutorials', blurb: 'Why gates? Memory over distance. Sentiment of short reviews.', holds: (s) => !isTutorial(s) },
];

export function ScenarioPicker() {
  const selected = useLab((s) => s.config.scenario);
  const selectScenario = useLab((s) => s.selectScenario);
  const store = useLabStore();
  const navRef = useRef<HTMLElement>(null);
  /** A model loaded from a file or opened from a kept run: each new one brings its card into view, even on the same tutorial. */
  const openedModel = useLab((s) => (s.model && s.model.source !== 'run' ? s.model : null));
  /** A tutorial the user picked while another one trains, waiting for "Stop and switch". */
  const [pending, setPending] = useState<ScenarioId | null>(null);

  const pick = (id: ScenarioId) => {
    if (id === store.getState().config.scenario) return;
    if (isRunActive(store.getState())) setPending(id);
    else selectScenario(id);
  };

  // A shared link, a loaded model file or an opened run may select a card out of view: bring it
  // into the picker's view whenever the selection changes, by scrolling the picker's own column
  // (never the page). A card the user just clicked is in view already.
  useEffect(() => {
    const nav = navRef.current;
    const scroller = nav?.parentElement;
    const card = nav?.querySelector<HTMLElement>('[aria-pressed="true"]');
    if (!scroller || !card || scroller.scrollHeight <= scroller.clientHeight) return;
    const top = card.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    if (top < scroller.scrollTop || top + card.offsetHeight > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top - 40;
  }, [selected, openedModel]);

  return (
    <nav className="picker" aria-label="Tutorials" ref={navRef}>
      <CompactPicker selected={selected} onSelect={pick} />
      <div className="picker-cards">
        {GROUPS.map(({ key, title, blurb, holds }) => (
          <section key={key} className="picker-family">
            <h2 className="picker-family-title">
              {title} <span className="muted">{blurb}</span>
            </h2>
            {SCENARIO_LIST.filter(holds).map((scenario) => (
              <ScenarioCard key={scenario.id} scenario={scenario} selected={scenario.id === selected} onSelect={pick} />
            ))}
          </section>
        ))}
      </div>
      {pending && (
        <SwitchDialog
          from={SCENARIOS[selected]}
          to={SCENARIOS[pending]}
          onConfirm={() => {
            setPending(null);
            selectScenario(pending);
          }}
          onCancel={() => setPending(null)}
        />
      )}
    </nav>
  );
}

/** The narrow-screen picker: a select grouped by family, and what the chosen tutorial expects. */
function CompactPicker({ selected, onSelect }: { selected: ScenarioId; onSelect(id: ScenarioId): void }) {
  const scenario = SCENARIOS[selected];
  return (
    <div className="picker-compact">
      <label htmlFor="scenario-select" className="field-label">
        Tutorial
      </label>
      <select
        id="scenario-select"
        data-testid="scenario.select"
        value={selected}
        onChange={(e) => isScenarioId(e.target.value) && onSelect(e.target.value)}
      >
        {GROUPS.map(({ key, title, holds }) => (
          <optgroup key={key} label={title}>
            {SCENARIO_LIST.filter(holds).map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p className="muted small">{scenario.summary}</p>
    </div>
  );
}

interface SwitchDialogProps {
  from: Scenario;
  to: Scenario;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before a switch stops a run; a modal dialog, so it shows wherever the user clicked. */
function SwitchDialog({ from, to, onConfirm, onCancel }: SwitchDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="switch-dialog"
      data-testid="scenario.switch"
      aria-labelledby="switch-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="switch-title" className="panel-title">Stop training “{from.title}”?</h2>
      <p>
        Switching to “{to.title}” stops the run. It stays in Runs with the epochs it has finished, to open or compare later.
      </p>
      <div className="switch-buttons">
        <button type="button" className="btn" data-testid="scenario.switch.cancel" onClick={onCancel} autoFocus>
          Keep training
        </button>
        <button type="button" className="btn btn-primary" data-testid="scenario.switch.confirm" onClick={onConfirm}>
          Stop and switch
        </button>
      </div>
    </dialog>
  );
}

interface CardProps {
  scenario: Scenario;
  selected: boolean;
  onSelect(id: Scenario['id']): void;
}

/** Memoised: the layer lines never change, and only two cards change on each selection. */
const ScenarioCard = memo(function ScenarioCard({ scenario, selected, onSelect }: CardProps) {
  const layers = describeModel(scenario.model(scenario.defaults));
  const expected = expectationOf(scenario);
  const metric = expected.metric === 'acc' ? 'training accuracy' : 'validation accuracy';
  return (
    <div className={'card' + (selected ? ' card-selected' : '')}>
      <button
        type="button"
        className="card-body"
        data-testid={`scenario.card.${scenario.id}`}
        data-selected={selected}
        aria-pressed={selected}
        onClick={() => onSelect(scenario.id)}
      >
        <span className="card-title">{scenario.title}</span>
        <span className="card-summary">{scenario.summary}</span>
        <span className="card-layers" aria-label="Model layers">
          {layers.map((line, i) => (
            <code key={i}>{line}</code>
          ))}
        </span>
        <span className="card-facts">
          <span>{formatInt(scenario.kerasParams)} params</span>
          <span title={expected.text} data-testid={`card.${scenario.id}.expect`}>
            {expected.kind === 'chance' ? `chance ${formatPercent(expected.value)} ${metric}` : `expect ${formatPercent(expected.value)} ${metric}`}
            {scenario.ceiling && ' (the most this data allows)'}
          </span>
        </span>
        {scenario.published ? (
          <span className="card-published">
            “{scenario.published.text}”{scenario.ceiling && <> — {scenario.ceiling.why}</>}
          </span>
        ) : (
          scenario.beyond && (
            <span className="card-published" data-testid={`card.${scenario.id}.beyond`}>
              <strong>Beyond the tutorials.</strong> {scenario.beyond.expect} {scenario.beyond.recipe}
            </span>
          )
        )}
      </button>
      <p className="card-source">
        {scenario.source.url ? (
          <a href={scenario.source.url} target="_blank" rel="noreferrer">
            {scenario.source.title}
          </a>
        ) : (
          <span>{scenario.source.title}</span>
        )}
        <span className="muted"> — {scenario.source.author}</span>
      </p>
    </div>
  );
});
