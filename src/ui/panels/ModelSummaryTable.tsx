/** `model.summary()` as Keras prints it, with the tutorial's Keras parameter count alongside. */
import { useMemo } from 'react';
import { summarizeSpec } from '../../engine/spec/model';
import { SCENARIOS } from '../../scenarios';
import { selectRunScenario } from '../../state/selectors';
import { formatInt, formatShape } from '../format';
import { useLab } from '../hooks/useLab';

export function ModelSummaryTable() {
  const trained = useLab((s) => s.summary);
  // A model loaded from a file never trained here: its summary comes from its spec (the same table).
  const loadedConfig = useLab((s) => (s.model?.source === 'file' ? s.model.model.config : null));
  const summary = useMemo(
    () => trained ?? (loadedConfig ? summarizeSpec(SCENARIOS[loadedConfig.scenario].model(loadedConfig.hp), loadedConfig.hp.batchSize) : null),
    [trained, loadedConfig],
  );
  const scenario = useLab(selectRunScenario);
  // Keras' count is for the tutorial's model; compare only when the run built that same model.
  const sameModel = useLab((s) => {
    const hp = s.runConfig?.hp;
    if (!hp) return true;
    const sc = selectRunScenario(s);
    return JSON.stringify(sc.model(hp)) === JSON.stringify(sc.model(sc.defaults));
  });

  return (
    <section className="panel" aria-labelledby="summary-title">
      <h2 id="summary-title" className="panel-title">Model summary</h2>
      {!summary ? (
        <p className="muted">The layer table appears when training starts.</p>
      ) : (
        <>
          <table className="summary-table" data-testid="summary.table">
            <thead>
              <tr>
                <th>Layer (type)</th>
                <th>Output Shape</th>
                <th className="num">Param #</th>
              </tr>
            </thead>
            <tbody>
              {summary.rows.map((row) => (
                <tr key={row.name}>
                  <td>
                    {row.name} <span className="muted">({row.type})</span>
                  </td>
                  <td>{formatShape(row.outputShape)}</td>
                  <td className="num">{formatInt(row.params)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="summary-totals">
            <div>
              <dt>Total params</dt>
              <dd data-testid="summary.total">{formatInt(summary.totalParams)}</dd>
            </div>
            <div>
              <dt>Trainable params</dt>
              <dd>{formatInt(summary.trainableParams)}</dd>
            </div>
            <div>
              <dt>Non-trainable params</dt>
              <dd>{formatInt(summary.totalParams - summary.trainableParams)}</dd>
            </div>
            <div>
              <dt>Keras (tutorial defaults)</dt>
              <dd data-testid="summary.keras">
                {formatInt(scenario.kerasParams)}{' '}
                {sameModel &&
                  (summary.totalParams === scenario.kerasParams ? (
                    <span className="ok">✓ matches</span>
                  ) : (
                    <span className="warn">differs</span>
                  ))}
                {!sameModel && <span className="muted">(your layer sizes differ from the tutorial’s)</span>}
              </dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
