/** Held-out accuracy after training, and the 2×2 confusion matrix for binary tasks. */
import { selectRunScenario } from '../../state/selectors';
import type { EvaluationSet } from '../../engine/types';
import { formatInt, formatPercent } from '../format';
import { useLab } from '../hooks/useLab';

const SET_TEXT: { readonly [S in EvaluationSet]: string } = {
  test: 'test set',
  validation: 'validation set',
  train: 'training set',
  'short-reviews': 'short-review check (each test review cut to its last 10–25 words)',
};

export function EvaluationPanel() {
  const evaluation = useLab((s) => s.evaluation);
  // A card's other sets read once after training (the short-review check), beside the headline.
  const checks = useLab((s) => s.result?.checks)?.filter((c) => c.set !== evaluation?.set) ?? [];
  const scenario = useLab(selectRunScenario);
  const published = scenario.published;
  if (!evaluation) return null;
  const { confusion } = evaluation;
  return (
    <section className="panel" aria-labelledby="eval-title">
      <h2 id="eval-title" className="panel-title">Evaluation</h2>
      <p className="eval-result" data-testid="eval.result" data-accuracy={evaluation.accuracy} data-threads={evaluation.threads ?? 1}>
        <strong className="big">{formatPercent(evaluation.accuracy, 2)}</strong> accuracy on the{' '}
        {SET_TEXT[evaluation.set]} ({formatInt(evaluation.count)} samples, loss {evaluation.loss.toFixed(4)}
        {evaluation.threads ? `, scored on ${evaluation.threads} threads` : ''})
      </p>
      {checks.map((c) => (
        <p key={c.set} className="eval-result" data-testid={`eval.check.${c.set}`} data-accuracy={c.accuracy}>
          <strong>{formatPercent(c.accuracy, 2)}</strong> accuracy on the {SET_TEXT[c.set]} ({formatInt(c.count)} samples, loss {c.loss.toFixed(4)})
        </p>
      ))}
      {published ? (
        <p className="muted small">Tutorial: {published.text}</p>
      ) : (
        scenario.beyond && <p className="muted small">Beyond the tutorials: {scenario.beyond.expect}</p>
      )}
      {scenario.ceiling && (
        <p className="muted small" data-testid="eval.ceiling">
          Best this data allows: {formatPercent(scenario.ceiling.value)}. {scenario.ceiling.why}
        </p>
      )}
      {confusion && (
        <table className="confusion" data-testid="eval.confusion">
          <caption className="muted small">Rows: actual label. Columns: predicted.</caption>
          <thead>
            <tr>
              <th />
              <th scope="col">predicted negative</th>
              <th scope="col">predicted positive</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">actual negative</th>
              <td className="cell-good" data-testid="eval.confusion.tn">{formatInt(confusion.tn)}</td>
              <td className="cell-bad" data-testid="eval.confusion.fp">{formatInt(confusion.fp)}</td>
            </tr>
            <tr>
              <th scope="row">actual positive</th>
              <td className="cell-bad" data-testid="eval.confusion.fn">{formatInt(confusion.fn)}</td>
              <td className="cell-good" data-testid="eval.confusion.tp">{formatInt(confusion.tp)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
