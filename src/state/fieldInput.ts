/**
 * Turning what a user typed into a hyperparameter value, or a sentence saying why it cannot be
 * one. The form keeps the raw text while it is invalid; only values that pass reach the config.
 */
import { HYPERPARAMS, checkValue, type HpKey, type HyperParams } from '../config/hyperparams';

export type FieldParse<K extends HpKey> = { ok: true; value: HyperParams[K] } | { ok: false; message: string };

/** A plain decimal literal; `Number('')` is 0 and `Number('0x10')` is 16, so Number() alone is too lenient. */
const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * `raw` is an input's text for number fields, a checkbox's state for booleans, and a select's
 * value for enums.
 */
export function parseField<K extends HpKey>(key: K, raw: string | boolean): FieldParse<K> {
  const def = HYPERPARAMS[key];
  let value: unknown;
  switch (def.kind) {
    case 'int':
    case 'float': {
      const text = String(raw).trim();
      if (text === '') return { ok: false, message: `${def.label} is required (${def.min} to ${def.max}).` };
      if (!NUMERIC.test(text)) return { ok: false, message: `${def.label} must be a number.` };
      value = Number(text);
      break;
    }
    case 'bool':
      value = raw;
      break;
    case 'enum':
      value = raw;
      break;
  }
  const message = checkValue(key, value as HyperParams[K]);
  return message ? { ok: false, message } : { ok: true, value: value as HyperParams[K] };
}
