import { describe, expect, it } from 'vitest';
import { formatBytes, formatCompact, formatCount, formatDuration, formatOrdinal, formatShape, progressLine, shownEpoch } from './format';

describe('progress line', () => {
  it('reads like Keras mid-epoch', () => {
    const line = progressLine(
      { epoch: 3, batch: 412, batches: 1000, loss: 0.81234, acc: 0.742, losses: [0.81234], msPerStep: 2.1, samplesPerSec: 476.2, etaSec: 252 },
      { epoch: 2, epochs: 500, loss: 0.9, acc: 0.7, seconds: 2 },
      500,
    );
    expect(line).toBe('Epoch 3/500 — batch 412/1000 — 2.1 ms/step — 476 samples/s — ETA 4m 12s — loss 0.8123 — acc 0.7420');
  });

  it('shows the finished epoch with validation figures', () => {
    const line = progressLine(null, { epoch: 3, epochs: 3, loss: 0.3, acc: 0.9, valLoss: 0.35, valAcc: 0.87, seconds: 61.2 }, 3);
    expect(line).toBe('Epoch 3/3 — 61.2 s — loss 0.3000 — acc 0.9000 — val_loss 0.3500 — val_acc 0.8700');
    expect(progressLine(null, { epoch: 9, epochs: 500, loss: 1, acc: 0.5, seconds: 0.0312 }, 500)).toBe('Epoch 9/500 — 31.2 ms — loss 1.0000 — acc 0.5000');
  });

  it('is empty before anything happened', () => {
    expect(progressLine(null, null, 10)).toBe('');
  });
});

describe('formatting', () => {
  it.each([
    [5, '5s'],
    [252, '4m 12s'],
    [3 * 3600 + 125, '3h 02m'],
  ])('%i s is %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it('prints shapes as Keras does', () => {
    expect(formatShape([null, 32])).toBe('(None, 32)');
    expect(formatShape([null, 5, 1])).toBe('(None, 5, 1)');
    expect(formatShape([null])).toBe('(None,)');
  });
});

describe('ordinals and compact numbers', () => {
  it.each([[1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'], [21, '21st'], [22, '22nd'], [101, '101st'], [111, '111th'], [1002, '1,002nd']])(
    '%d → %s',
    (n, want) => expect(formatOrdinal(n)).toBe(want),
  );
  it.each([[950, '950'], [12_000, '12K'], [500_000, '500K'], [1_500_000, '1.5M']])('%d → %s', (n, want) => expect(formatCompact(n)).toBe(want));
  it.each([[0, '0 B'], [1023, '1023 B'], [2048, '2.0 KB'], [17 * 1024 * 1024, '17.0 MB'], [10 * 1024 ** 3, '10.0 GB']])('%d bytes → %s', (n, want) => expect(formatBytes(n)).toBe(want));
});

describe('the progress line and the status agree, and the ETA goes with the run', () => {
  const batch = { epoch: 167, batch: 3, batches: 16, loss: 0.5, acc: 0.8, losses: [0.5], msPerStep: 1, samplesPerSec: 64, etaSec: 30 };
  const finished = { epoch: 166, epochs: 200, loss: 0.5, acc: 0.8, seconds: 0.1 };

  it.each([
    ['a batch of a newer epoch', batch, finished, 167],
    ['the last finished epoch, before the next one’s first update', { ...batch, epoch: 166 }, finished, 166],
    ['no epoch finished yet', batch, null, 167],
    ['nothing yet', null, null, 0],
  ] as const)('shows %s', (_name, b, e, want) => {
    expect(shownEpoch(b, e)).toBe(want);
    if (want > 0) expect(progressLine(b, e, 200)).toContain(`Epoch ${want}/200`);
  });

  it('drops the ETA once the run is not running, and shows none before a rate is known', () => {
    expect(progressLine(batch, finished, 200)).toContain('ETA 30s');
    expect(progressLine(batch, finished, 200, false)).not.toContain('ETA');
    expect(progressLine({ ...batch, etaSec: undefined }, finished, 200)).not.toContain('ETA');
  });
});

describe('formatCount', () => {
  it.each<[number, string, string | undefined, string]>([
    [1, 'epoch', undefined, '1 epoch'],
    [0, 'epoch', undefined, '0 epochs'],
    [2, 'epoch', undefined, '2 epochs'],
    [1000, 'epoch', undefined, '1,000 epochs'],
    [1, 'unit', undefined, '1 unit'],
    [3, 'timestep', undefined, '3 timesteps'],
    [1, 'series', 'series', '1 series'],
  ])('%i %s', (n, noun, plural, want) => {
    expect(formatCount(n, noun, plural)).toBe(want);
  });
});
