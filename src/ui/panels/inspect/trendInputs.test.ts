import { describe, expect, it } from 'vitest';
import { trendInputsSentence } from './trendInputs';

describe('trendInputsSentence', () => {
  it.each<[string[], string]>([
    [['x_t = 0.9', 'x_t−1 = 0.8'], 'the layers below show the last step’s two inputs: x_t = 0.9 and x_t−1 = 0.8.'],
    [['x_t = 0.9', 'x_t−1 = 0.8', 'previous move up = 1'], 'the layers below show the last step’s three inputs: x_t = 0.9, x_t−1 = 0.8 and previous move up = 1.'],
    [['a'], 'the layers below show the last step’s one input: a.'],
  ])('%j', (inputs, want) => {
    expect(trendInputsSentence(inputs)).toBe(want);
  });
});
