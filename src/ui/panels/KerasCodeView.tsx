/** The tutorial's model as Keras code, for the hyperparameters currently in the form. */
import { useMemo } from 'react';
import { kerasCode } from '../../engine/spec/describe';
import { selectScenario } from '../../state/selectors';
import { useLab } from '../hooks/useLab';

export function KerasCodeView() {
  const scenario = useLab(selectScenario);
  const hp = useLab((s) => s.config.hp);
  const code = useMemo(() => kerasCode(scenario.model(hp), hp), [scenario, hp]);
  return (
    <details className="keras-code" data-testid="form.keras-code">
      <summary>Keras code</summary>
      <pre>
        <code>{code}</code>
      </pre>
    </details>
  );
}
