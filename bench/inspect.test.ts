/** `npm run train -- … --inspect <input> --json`: the inspection printed after training, as one JSON line. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { takeOption } from './cli';

function train(args: string[]): { status: number | null; lines: Record<string, unknown>[]; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/train.ts', ...args, '--json'], { encoding: 'utf8', timeout: 120_000 });
  const lines = run.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: run.status, lines, stderr: run.stderr };
}

interface Layer { name: string; units: number; i: number[][]; f: number[][]; o: number[][]; c: number[][]; h: number[][]; steps: { label: string; padding: boolean }[] }

describe('takeOption', () => {
  it.each<[string[], string | undefined, string[]]>([
    [['--scenario', 'alphabet', '--inspect', 'ABC', '--json'], 'ABC', ['--scenario', 'alphabet', '--json']],
    [['--inspect=0.1,0.2,0.3'], '0.1,0.2,0.3', []],
    [['--epochs', '3'], undefined, ['--epochs', '3']],
  ])('%j', (argv, value, rest) => {
    expect(takeOption(argv, 'inspect')).toEqual({ value, rest });
  });
});

describe('npm run train -- --inspect', () => {
  it.each<[string, string[], string, number, number]>([
    ['alphabet: one step per padded position', ['--scenario', 'alphabet', '--epochs', '2', '--units', '8'], 'ABC', 5, 8],
    ['alphabet-stateful: one step per letter read', ['--scenario', 'alphabet-stateful', '--epochs', '2', '--units', '6'], 'ABC', 3, 6],
  ])('%s', (_name, args, input, steps, units) => {
    const { status, lines, stderr } = train([...args, '--inspect', input]);
    expect(status, stderr).toBe(0);
    const last = lines[lines.length - 1];
    expect(lines[lines.length - 2].type).toBe('result');
    expect(last.type).toBe('inspect');
    expect(last.kind).toBe('letters');
    const layers = last.layers as Layer[];
    expect(layers).toHaveLength(1);
    for (const key of ['i', 'f', 'o', 'c', 'h'] as const) {
      expect(layers[0][key]).toHaveLength(steps);
      for (const row of layers[0][key]) expect(row).toHaveLength(units);
    }
    expect(layers[0].steps.filter((s) => !s.padding).map((s) => s.label)).toEqual(['A', 'B', 'C']);
    const p = last.probabilities as number[];
    expect(p).toHaveLength(26);
    expect(p.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
  });

  it('says why an input cannot be inspected, and exits 2 after training', () => {
    const { status, lines } = train(['--scenario', 'alphabet', '--epochs', '1', '--units', '4', '--inspect', 'AB1']);
    expect(status).toBe(2);
    expect(lines[lines.length - 1]).toEqual({ type: 'inspect', kind: 'invalid', message: 'Only the letters A–Z are allowed (found “1”).' });
  });
});
