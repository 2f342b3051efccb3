/**
 * The fuzz set of bad model files through the engine's readers: each refused with a
 * `ModelFileError` whose one sentence says what is wrong (naming the weights file when that is the
 * one at fault), nothing else thrown, nothing printed, and a huge declared weight refused without
 * reading it.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { badModelCases, type BadModelCase } from './badModelFiles';
import { ModelFileError } from './kerasConfig';
import { readKerasH5 } from './kerasH5';
import { readTfjsLayers } from './tfjsLayers';

await tf.setBackend('cpu');
const cases = await badModelCases();
afterEach(() => vi.restoreAllMocks());

/** Reads a case as a host would: a missing weights file is the host's `ModelFileError`. */
function read(c: BadModelCase) {
  const main = c.files.find((f) => f.name === c.load)!;
  if (!c.load.endsWith('.json')) return readKerasH5(main.data);
  return readTfjsLayers(new TextDecoder().decode(main.data), async (path) => {
    const file = c.files.find((f) => f.name === path);
    if (!file) throw new ModelFileError('No such file.');
    return file.data;
  });
}

describe('bad model files', () => {
  it('are many, each with its own sentence', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.title)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.title, c] as const))('%s: refused with its sentence, naming the file at fault, printing nothing', async (_title, c) => {
    const printed = [vi.spyOn(console, 'log'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error'), vi.spyOn(process.stderr, 'write')];
    const started = performance.now();
    const error = await read(c).then(() => null, (e: unknown) => e);
    const seconds = (performance.now() - started) / 1000;
    expect(error, c.title).toBeInstanceOf(ModelFileError);
    const { message, file } = error as ModelFileError;
    expect(message, c.title).toMatch(c.message);
    // One sentence: a capital, no line break, a full stop at the end.
    expect(message, c.title).toMatch(/^[A-Zm][^\n]*[.]$/);
    expect(file ?? c.load, c.title).toBe(c.names);
    for (const spy of printed) expect(spy, c.title).not.toHaveBeenCalled();
    // A huge declared size is refused from the declaration, never read (reading 1.6 GB takes many seconds).
    expect(seconds, c.title).toBeLessThan(2);
  });
});
