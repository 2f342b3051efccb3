import { describe, expect, it } from 'vitest';
import { parseField } from './fieldInput';

describe('parseField', () => {
  it.each([
    ['epochs', '12', 12],
    ['epochs', ' 12 ', 12],
    ['learningRate', '0.01', 0.01],
    ['learningRate', '1e-3', 0.001],
    ['shuffle', false, false],
    ['backend', 'wasm', 'wasm'],
  ] as const)('accepts %s = %j', (key, raw, value) => {
    expect(parseField(key, raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['epochs', '', /required/],
    ['epochs', 'abc', /must be a number/],
    ['epochs', '0x10', /must be a number/],
    ['epochs', '2.5', /whole number/],
    ['epochs', '5000', /between 1 and 2000 \(got 5000\)/],
    ['learningRate', '2', /between/],
    ['backend', 'tpu', /one of/],
  ] as const)('rejects %s = %j with a message', (key, raw, message) => {
    const parsed = parseField(key, raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
