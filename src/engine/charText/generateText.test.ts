import { describe, expect, it } from 'vitest';
import { encodeCharText } from '../data/user/charText';
import { createRng } from '../rng';
import type { RunModel } from '../runModel';
import { generateSamples, nextChars, SAMPLE_TEMPERATURES } from './generateText';

const corpus = encodeCharText('abcdabcdabcdabcd');

/**
 * A model that has learnt the cycle a → b → c → d → a: it gives the character after the window's
 * last 90%, and 10% to the one after that. Records the windows it was asked about.
 */
function cycleModel(vocab: number, seqLength: number) {
  const asked: number[][] = [];
  const model = {
    spec: undefined as never,
    predict: async (x: Int32Array | Float32Array, n: number) => {
      const probs = new Float32Array(n * vocab);
      for (let k = 0; k < n; k++) {
        asked.push(Array.from(x.subarray(k * seqLength, (k + 1) * seqLength)));
        const last = x[(k + 1) * seqLength - 1];
        probs[k * vocab + ((last + 1) % vocab)] = 0.9;
        probs[k * vocab + ((last + 2) % vocab)] = 0.1;
      }
      return { probs, threads: 1 };
    },
  } as unknown as RunModel;
  return { model, asked };
}

describe('generateSamples', () => {
  it('writes after a seed window of the text at 0.2, 0.5 and 1.0, moving each window on by its own draws', async () => {
    const { model, asked } = cycleModel(4, 3);
    const out = (await generateSamples(model, corpus, 2, createRng(1), { seqLength: 3, length: 8 }))!;
    expect(out.epoch).toBe(2);
    expect('abcdabcdabcdabcd').toContain(out.seed);
    expect(out.seed).toHaveLength(3);
    expect(out.samples.map((s) => s.temperature)).toEqual([...SAMPLE_TEMPERATURES]);
    // At 0.2 the 10% continuation weighs 0.1^5 / 0.9^5 ≈ 2e-5: the cycle, as good as certain.
    const cycle = 'abcd';
    const after = (c: string, k: number) => cycle[(cycle.indexOf(c) + k) % 4];
    expect(out.samples[0].text).toBe(Array.from({ length: 8 }, (_, k) => after(out.seed.at(-1)!, k + 1)).join(''));
    for (const s of out.samples) expect(s.text).toMatch(/^[abcd]{8}$/);
    // One batch of three windows per character, each window the last three characters written.
    expect(asked).toHaveLength(8 * 3);
    const written = out.seed + out.samples[0].text;
    for (let step = 0; step < 8; step++) expect(asked[step * 3]).toEqual(Array.from(written.slice(step, step + 3), (c) => cycle.indexOf(c)));
  });

  it('writes the same text from the same seed, and draws at 1.0 what the model allows', async () => {
    const a = (await generateSamples(cycleModel(4, 3).model, corpus, 1, createRng(5), { seqLength: 3, length: 200 }))!;
    const b = await generateSamples(cycleModel(4, 3).model, corpus, 1, createRng(5), { seqLength: 3, length: 200 });
    expect(b).toEqual(a);
    // At temperature 1 the 10% skip happens: about 20 times in 200 draws.
    const hot = a.seed.at(-1)! + a.samples[2].text;
    let skips = 0;
    for (let i = 1; i < hot.length; i++) if ('abcd'.indexOf(hot[i]) !== ('abcd'.indexOf(hot[i - 1]) + 1) % 4) skips++;
    expect(skips).toBeGreaterThan(5);
    expect(skips).toBeLessThan(45);
  });
});

describe('generateSamples and Stop', () => {
  it('lets the host run while it writes, and ends as soon as the run is stopped', async () => {
    const controller = new AbortController();
    let predicted = 0;
    let yields = 0;
    const slow = {
      predict: async (_x: Int32Array, n: number) => {
        await new Promise((r) => setTimeout(r, 15));
        if (++predicted === 10) controller.abort();
        return { probs: new Float32Array(n * 4).fill(0.25), threads: 1 };
      },
    } as unknown as RunModel;
    const out = await generateSamples(slow, corpus, 1, createRng(1), {
      seqLength: 3, length: 400, signal: controller.signal, yieldToHost: async () => void yields++,
    });
    expect(out).toBeUndefined();
    expect(predicted).toBeLessThanOrEqual(11);
    expect(yields).toBeGreaterThan(0);
  });
});

describe('nextChars', () => {
  const vocabulary = encodeCharText('ab cd ab cd').vocabulary; // ' ', a, b, c, d
  /** Gives the code after the window's last one 60%, and records what it read. */
  function model() {
    const read: number[][] = [];
    const m = {
      predict: async (x: Int32Array) => {
        read.push(Array.from(x));
        const probs = new Float32Array(5).fill(0.1);
        probs[(x[x.length - 1] + 1) % 5] = 0.6;
        return { probs, threads: 1 };
      },
    } as unknown as RunModel;
    return { m, read };
  }

  it('reads the prefix’s last window and lists the five likeliest next characters', async () => {
    const { m, read } = model();
    const answer = await nextChars(m, vocabulary, 3, 'ab cd ab');
    expect(answer).toEqual({ input: ' ab', top: [{ char: 'c', p: expect.closeTo(0.6, 6) }, ...[' ', 'a', 'b', 'd'].map((char) => ({ char, p: expect.closeTo(0.1, 6) }))] });
    expect(read).toEqual([[0, 1, 2]]);
  });

  it('reads a short prefix as if spaces came before it', async () => {
    const { m, read } = model();
    expect(await nextChars(m, vocabulary, 4, 'a')).toMatchObject({ input: '   a' });
    expect(read).toEqual([[0, 0, 0, 1]]);
  });

  it('says what to type for an empty prefix, or a short one where the text has no spaces', async () => {
    expect(await nextChars(model().m, vocabulary, 3, '')).toBe('Type a few characters of text: the model tells what comes next.');
    expect(await nextChars(model().m, encodeCharText('abab').vocabulary, 3, 'a')).toBe(
      'Type at least 3 characters: the model reads windows of 3, and this text has no spaces to fill a shorter one with.',
    );
  });
});
