/** The tutorial picker: one card per scenario, grouped by family, each saying what to expect. */
import { memo, useEffect, useRef } from 'react';
import { SCENARIO_LIST, type Scenario } from '../../scenarios';
import { describeModel } from '../../engine/spec/describe';
import { formatInt, formatPercent } from '../format';
import { useLab } from '../hooks/useLab';

const FAMILIES: { family: Scenario['family']; title: string; blurb: string }[] = [
  { family: 'alphabet', title: 'Alphabet', blurb: 'Predict the next letter.' },
  { family: 'trend', title: 'Trend', blurb: 'Did the series keep its direction?' },
  { family: 'imdb', title: 'IMDB sentiment', blurb: 'Is a movie review positive?' },
];

export function ScenarioPicker() {
  const selected = useLab((s) => s.config.scenario);
  const selectScenario = useLab((s) => s.selectScenario);
  const navRef = useRef<HTMLElement>(null);

  // A shared link may select a card far down the list: bring it into the picker's view once, on
  // load, by scrolling the picker's own column (never the page).
  useEffect(() => {
    const nav = navRef.current;
    const scroller = nav?.parentElement;
    const card = nav?.querySelector<HTMLElement>('[aria-pressed="true"]');
    if (!scroller || !card || scroller.scrollHeight <= scroller.clientHeight) return;
    const top = card.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    if (top + card.offsetHeight > scroller.clientHeight) scroller.scrollTop = top - 40;
  }, []);

  return (
    <nav className="picker" aria-label="Tutorials" ref={navRef}>
      {FAMILIES.map(({ family, title, blurb }) => (
        <section key={family} className="picker-family">
          <h2 className="picker-family-title">
            {title} <span className="muted">{blurb}</span>
          </h2>
          {SCENARIO_LIST.filter((s) => s.family === family).map((scenario) => (
            <ScenarioCard
              key={scenario.id}
              scenario={scenario}
              selected={scenario.id === selected}
              onSelect={selectScenario}
            />
          ))}
        </section>
      ))}
    </nav>
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
  const metric = scenario.published.metric === 'acc' ? 'training accuracy' : 'validation accuracy';
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
          <span title={scenario.published.text}>
            expect {formatPercent(scenario.published.value)} {metric}
          </span>
        </span>
        <span className="card-published">“{scenario.published.text}”</span>
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
