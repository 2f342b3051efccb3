/**
 * `npm run train -- --data FILE --task text|series --inspect TEXT`, in process: after training, the
 * session's Inspect of the typed text, each step labelled with what was typed; a text the model
 * cannot read is refused in a sentence with exit code 2 before anything trains.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { InspectResult } from '../src/engine/inspect/types';
import { parseUserDataArgs, trainUserDataMain } from './trainUserData';

const dir = mkdtempSync(join(tmpdir(), 'train-user-data-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function fixture(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs the command in this process: its exit code and what it printed on stdout and stderr. */
async function train(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(...String(line).split('\n')));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(String(line)));
  const code = await trainUserDataMain(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}

const records = (out: string[]) => out.map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
type Answer<K extends InspectResult['kind']> = Extract<InspectResult, { kind: K }> & { type: 'inspect' };

const text = 'the cat sat on the mat and the rat sat on the hat. '.repeat(12);
const small = ['--units', '8', '--epochs', '1', '--batchSize', '32'];
/** One column with a slow swing; 40 rows. */
const seriesCsv = ['level', ...Array.from({ length: 40 }, (_, i) => (5 + 3 * Math.sin(i / 3)).toFixed(2))].join('\n');

describe('--inspect with --data --task text', () => {
  it('prints, after training, the gates, c and h of every step, each step labelled with a typed character', async () => {
    const path = fixture('cats.txt', text);
    const run = await train(['--data', path, '--task', 'text', '--seqLength', '10', '--sampleLength', '0', ...small, '--inspect', 'the cat', '--json']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const lines = records(run.out);
    expect(lines.map((l) => l.type)).toEqual(['data', 'plan', 'summary', 'epoch', 'samples', 'result', 'inspect']);
    const inspection = lines.at(-1) as unknown as Answer<'chars'>;
    expect(inspection.kind).toBe('chars');
    expect(inspection.input).toBe('the cat');
    const [layer] = inspection.layers;
    // A window of 10: three spaces fill it before the seven typed characters (filling, unlabelled).
    expect(layer.steps.map((s) => s.label)).toEqual(['', '', '', 't', 'h', 'e', '␣', 'c', 'a', 't']);
    expect(layer.steps.map((s) => s.padding)).toEqual([true, true, true, false, false, false, false, false, false, false]);
    for (const gate of [layer.i, layer.f, layer.o, layer.c, layer.h]) {
      expect(gate).toHaveLength(10);
      expect(gate!.every((step) => step.length === 8 && step.every(Number.isFinite))).toBe(true);
    }
    // The next character after each one typed is one of the text's own.
    expect(inspection.chars.filter((c) => !c.filled).map((c) => c.char).join('')).toBe('the cat');
    expect(inspection.chars.every((c) => text.includes(c.next.char) && c.next.p > 0 && c.next.p <= 1)).toBe(true);
  });

  it('prints each typed character with the one the model expects after it, without --json', async () => {
    const path = fixture('cats-plain.txt', text);
    const run = await train(['--data', path, '--task', 'text', '--seqLength', '10', '--sampleLength', '0', ...small, '--inspect', 'the cat']);
    expect(run.code).toBe(0);
    const from = run.out.indexOf('each character read, and the one the model expects after it');
    expect(run.out[from - 1]).toBe('inspect: lstm 10 steps × 8 units');
    const steps = run.out.slice(from + 1);
    expect(steps).toHaveLength(7);
    expect(steps.map((l) => JSON.parse(l.trim().split(' → ')[0]) as string).join('')).toBe('the cat');
    for (const l of steps) expect(l).toMatch(/^ {2}".+" → ".+" [01]\.\d{3}$/);
  });

  it('refuses an inspect text the model cannot read in a sentence, exit code 2, before training', async () => {
    const path = fixture('no-spaces.txt', 'abcabcabcabcabcabcabcabcabcabcabcabcabcabc');
    const run = await train(['--data', path, '--task', 'text', '--seqLength', '10', ...small, '--inspect', 'abc']);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err).toEqual(['error: --inspect: Type at least 10 characters: the model reads windows of 10, and this text has no spaces to fill a shorter one with.']);
  });
});

describe('--inspect with --data --task series', () => {
  it('prints, after training, the gates, c and h of the typed window, each step labelled with its value', async () => {
    const path = fixture('levels.csv', seriesCsv);
    const run = await train(['--data', path, '--task', 'series', '--lookBack', '5', '--layers', '1', ...small, '--inspect', '1,2,3,4,5', '--json']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const lines = records(run.out);
    expect(lines.map((l) => l.type)).toEqual(['data', 'plan', 'summary', 'epoch', 'result', 'inspect']);
    const inspection = lines.at(-1) as unknown as Answer<'series'>;
    expect(inspection).toMatchObject({ kind: 'series', task: 'next', names: ['level'], target: 0 });
    expect(inspection.steps.map((s) => s.values)).toEqual([[1], [2], [3], [4], [5]]);
    expect(Number.isFinite(inspection.answer)).toBe(true);
    const [layer] = inspection.layers;
    expect(layer.steps.map((s) => s.label)).toEqual(['1', '2', '3', '4', '5']);
    for (const gate of [layer.i, layer.f, layer.o, layer.c, layer.h]) {
      expect(gate).toHaveLength(5);
      expect(gate!.every((step) => step.length === 8 && step.every(Number.isFinite))).toBe(true);
    }
  });

  it('prints each step’s value with the next value had the window ended there, without --json', async () => {
    const path = fixture('levels-plain.csv', seriesCsv);
    const run = await train(['--data', path, '--task', 'series', '--lookBack', '5', '--layers', '1', ...small, '--inspect', '1,2,3,4,5']);
    expect(run.code).toBe(0);
    const from = run.out.indexOf("each step read (level), and the model's next level had the window ended there");
    expect(from).toBeGreaterThan(0);
    expect(run.out.slice(from + 1).map((l) => l.trim().split(' → ')[0])).toEqual(['1', '2', '3', '4', '5']);
  });

  it('reads a line per step for several columns, each step labelled with its row of values', async () => {
    const twoColumns = ['level,flow', ...seriesCsv.split('\n').slice(1).map((v, i) => `${v},${i % 4}`)].join('\n');
    const path = fixture('two-columns.csv', twoColumns);
    const typed = ['1,10', '2,20', '3,30', '4,40', '5,50'].join('\n');
    const run = await train(['--data', path, '--task', 'series', '--lookBack', '5', '--layers', '1', ...small, '--inspect', typed, '--json']);
    expect(run.code).toBe(0);
    const inspection = records(run.out).at(-1) as unknown as Answer<'series'>;
    expect(inspection.names).toEqual(['level', 'flow']);
    expect(inspection.layers[0].steps.map((s) => s.label)).toEqual(['1 · 10', '2 · 20', '3 · 30', '4 · 40', '5 · 50']);
  });

  it.each([
    ['a word among the numbers', '1,2,x,4,5', '“x” is not a number; write numbers with a point for decimals.'],
    ['fewer steps than the model reads', '1,2,3', 'The model reads 5 steps and got 3; type at least 5 numbers.'],
  ])('refuses %s in a sentence, exit code 2, before training', async (_name, typed, message) => {
    const path = fixture('levels-bad.csv', seriesCsv);
    const run = await train(['--data', path, '--task', 'series', '--lookBack', '5', ...small, '--inspect', typed]);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err).toEqual([`error: --inspect: ${message}`]);
  });
});

describe('--inspect with --data --task classify', () => {
  const csv = ['text,label', ...Array.from({ length: 30 }, (_, i) => (i % 2 ? `"a great good film ${i}",pos` : `"a bad dull film ${i}",neg`))].join('\n');

  it('prints, after training, the gates, c and h of every step, each step labelled with a typed word', async () => {
    const path = fixture('films.csv', csv);
    const run = await train(['--data', path, '--task', 'classify', '--maxlen', '6', ...small, '--inspect', 'a great film', '--json']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const inspection = records(run.out).at(-1) as unknown as Answer<'words'>;
    expect(inspection).toMatchObject({ type: 'inspect', kind: 'words' });
    const [layer] = inspection.layers;
    // maxlen 6: three padding steps before the three typed words.
    expect(layer.steps.filter((s) => !s.padding).map((s) => s.label)).toEqual(['a', 'great', 'film']);
    expect(layer.steps).toHaveLength(6);
  });

  it('refuses a text with no word in it, exit code 2, before training', async () => {
    const path = fixture('films-bad.csv', csv);
    const run = await train(['--data', path, '--task', 'classify', '--maxlen', '6', ...small, '--inspect', '!!! ...']);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err).toEqual(['error: --inspect: Type a sentence with at least one word to classify.']);
  });
});
