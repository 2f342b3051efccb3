/** The N × N confusion matrix of the held-out texts, with the class names: rows actual, columns predicted. */
import type { ConfusionMatrix } from '../../../engine/confusion';
import { formatInt } from '../../format';

export function ConfusionMatrixTable({ matrix, classNames, set, testId }: { matrix: ConfusionMatrix; classNames: readonly string[]; set: string; testId: string }) {
  return (
    // Focusable, so a keyboard can scroll a matrix wider than a phone.
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Confusion matrix">
      <table className="confusion" data-testid={testId} data-classes={classNames.length}>
        <caption className="muted small">Confusion matrix on the {set}: rows are the actual class, columns the predicted one.</caption>
        <thead>
          <tr>
            <td />
            {classNames.map((name) => <th key={name} scope="col">predicted {name}</th>)}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, actual) => (
            <tr key={classNames[actual]}>
              <th scope="row">actual {classNames[actual]}</th>
              {row.map((count, predicted) => (
                <td
                  key={predicted}
                  className={count === 0 ? undefined : actual === predicted ? 'cell-good' : 'cell-bad'}
                  data-testid={`${testId}.cell`}
                  data-actual={classNames[actual]}
                  data-predicted={classNames[predicted]}
                  data-count={count}
                >
                  {formatInt(count)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
