/**
 * The hyperparameter form, generated from the HYPERPARAMS table for the selected tutorial's
 * fields, in the tutorial's order. Typed text is kept while it is invalid; only valid values reach
 * the config, and Train stays disabled while any problem remains.
 */
import { memo } from 'react';
import { HYPERPARAMS, valueLabel, type HpKey } from '../../config/hyperparams';
import { useLab } from '../hooks/useLab';
import { selectScenario } from '../../state/selectors';
import { KerasCodeView } from './KerasCodeView';

export function HyperparamForm() {
  const scenario = useLab(selectScenario);
  const resetToDefaults = useLab((s) => s.resetToDefaults);
  const configProblems = useLab((s) => s.configProblems);
  // Cross-field problems about a field this tutorial does not show still need a place to appear.
  const orphanProblems = configProblems.filter((p) => !scenario.fields.includes(p.field as HpKey));

  return (
    <section className="panel form-panel" aria-labelledby="form-title">
      <div className="panel-head">
        <div>
          <h2 id="form-title" className="panel-title" tabIndex={-1}>{scenario.title}</h2>
          <p className="muted small">Hyperparameters start at the {scenario.published ? 'tutorial’s' : 'card’s'} values.</p>
        </div>
        <button type="button" className="btn btn-ghost" data-testid="form.reset" onClick={resetToDefaults}>
          Reset to {scenario.published ? 'tutorial' : 'card'} defaults
        </button>
      </div>
      <div className="form-grid">
        {scenario.fields.map((key) => (
          <Field key={`${scenario.id}.${key}`} field={key} />
        ))}
      </div>
      {orphanProblems.length > 0 && (
        <ul className="form-problems" data-testid="form.problems" role="alert">
          {orphanProblems.map((p) => (
            <li key={p.field + p.message}>{p.message}</li>
          ))}
        </ul>
      )}
      <KerasCodeView />
    </section>
  );
}

const Field = memo(function Field({ field }: { field: HpKey }) {
  const def = HYPERPARAMS[field];
  // Where the card offers the recurrent layer, its units are named by the kind chosen ("GRU units").
  const label = useLab((s) => (field === 'units' && selectScenario(s).fields.includes('cell') ? `${valueLabel('cell', s.config.hp.cell)} units` : def.label));
  const value = useLab((s) => s.config.hp[field]);
  const draft = useLab((s) => s.drafts[field]);
  const error = useLab((s) => s.fieldErrors[field] ?? s.configProblems.find((p) => p.field === field)?.message);
  const setField = useLab((s) => s.setField);
  const settleField = useLab((s) => s.settleField);
  const id = `hp-${field}`;
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const describedBy = error ? `${errorId} ${helpId}` : helpId;

  let control: React.ReactNode;
  switch (def.kind) {
    case 'int':
    case 'float':
      control = (
        <input
          id={id}
          type="number"
          inputMode={def.kind === 'int' ? 'numeric' : 'decimal'}
          min={def.min}
          max={def.max}
          step={def.kind === 'int' ? 1 : def.step}
          value={draft ?? String(value)}
          onChange={(e) => setField(field, e.target.value)}
          onBlur={() => settleField(field)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={`form.field.${field}`}
        />
      );
      break;
    case 'bool':
      control = (
        <input
          id={id}
          type="checkbox"
          checked={value as boolean}
          onChange={(e) => setField(field, e.target.checked)}
          aria-describedby={describedBy}
          data-testid={`form.field.${field}`}
        />
      );
      break;
    case 'enum':
      control = (
        <select
          id={id}
          value={value as string}
          onChange={(e) => setField(field, e.target.value)}
          aria-describedby={describedBy}
          data-testid={`form.field.${field}`}
        >
          {def.options.map((o) => (
            <option key={o} value={o}>
              {valueLabel(field, o as never)}
            </option>
          ))}
        </select>
      );
      break;
  }

  return (
    <div className={'field' + (def.kind === 'bool' ? ' field-bool' : '') + (error ? ' field-invalid' : '')}>
      <label htmlFor={id} className="field-label" title={def.help}>
        {label}
      </label>
      <div className="field-control">
        {control}
        {def.unit && <span className="field-unit">{def.unit}</span>}
      </div>
      <p id={helpId} className="field-help">{def.help}</p>
      {error && (
        <p id={errorId} className="field-error" data-testid={`form.error.${field}`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
});
