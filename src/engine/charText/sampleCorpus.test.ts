import { describe, expect, it } from 'vitest';
import { encodeCharText } from '../data/user/charText';
import { sampleCorpus } from './sampleCorpus';

describe('sampleCorpus', () => {
  it('is the same text every time, of about the length asked, with a vocabulary a character model can learn', () => {
    const text = sampleCorpus();
    expect(sampleCorpus()).toBe(text);
    expect(text.length).toBeGreaterThanOrEqual(30_000);
    expect(text.length).toBeLessThan(31_000);
    const { vocabulary } = encodeCharText(text);
    expect(vocabulary.chars.length).toBeGreaterThan(25);
    expect(vocabulary.chars.length).toBeLessThan(60);
    expect(text).toMatch(/^[A-Z"]/);
    expect(text.split('\n\n').length).toBeGreaterThan(50);
  });
});
