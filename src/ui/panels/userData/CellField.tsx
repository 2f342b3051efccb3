/**
 * The user-data cards' choice of recurrent layer (the `cell` hyperparameter): LSTM, GRU or
 * SimpleRNN, named as Keras names the classes, with the table's help as its title.
 */
import { CELL_CHOICES, HYPERPARAMS, type CellChoice } from '../../../config/hyperparams';
import { LAYER_KINDS } from '../../../engine/spec/layers';

export function CellField({ value, onChange, testId, disabled, className = 'your-text-field' }: {
  value: CellChoice;
  onChange(cell: CellChoice): void;
  testId: string;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <label className={className}>
      <span className="field-label">{HYPERPARAMS.cell.label}</span>
      <select value={value} data-testid={testId} title={HYPERPARAMS.cell.help} disabled={disabled} onChange={(e) => onChange(e.target.value as CellChoice)}>
        {CELL_CHOICES.map((k) => (
          <option key={k} value={k}>
            {LAYER_KINDS[k].className}
          </option>
        ))}
      </select>
    </label>
  );
}
