/** "Try the model": the panel that fits the trained tutorial's family. */
import { canPredict, selectModelMissing, selectRunScenario } from '../../state/selectors';
import { useLab } from '../hooks/useLab';
import { TryLetters } from './TryLetters';
import { TryMemory } from './TryMemory';
import { TryReview } from './TryReview';
import { TryTrend } from './TryTrend';

export function TryModel() {
  const scenario = useLab(selectRunScenario);
  const enabled = useLab(canPredict);
  const missing = useLab(selectModelMissing);
  return (
    <section className="panel try-panel" aria-labelledby="try-title" data-testid="try.panel" data-enabled={enabled}>
      <h2 id="try-title" className="panel-title">Try the model</h2>
      {!enabled && <p className="muted" data-testid="try.missing">{missing ?? 'Train for at least one epoch, then try the model here.'}</p>}
      {scenario.family === 'alphabet' && <TryLetters enabled={enabled} />}
      {scenario.family === 'trend' && <TryTrend enabled={enabled} />}
      {scenario.family === 'imdb' && <TryReview enabled={enabled} />}
      {scenario.family === 'memory' && <TryMemory enabled={enabled} />}
    </section>
  );
}
