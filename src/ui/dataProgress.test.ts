import { describe, expect, it } from 'vitest';
import type { DataProgress } from '../engine/types';
import { dataAmount } from './dataProgress';

describe('dataAmount', () => {
  it.each<[DataProgress, string]>([
    [{ stage: 'download', loaded: 5 * 1024 * 1024, total: 17 * 1024 * 1024 }, '5.0 MB / 17.0 MB (29%)'],
    [{ stage: 'verify', loaded: 2048, total: 2048 }, '2.0 KB / 2.0 KB (100%)'],
    // Preparing counts a step, not bytes: no "0 B / 1 B".
    [{ stage: 'prepare', loaded: 0, total: 1 }, ''],
    [{ stage: 'prepare', loaded: 1, total: 1 }, ''],
    // The manifest's size is unknown until it has arrived.
    [{ stage: 'manifest', loaded: 0, total: 0 }, ''],
  ])('%j → “%s”', (progress, want) => {
    expect(dataAmount(progress)).toBe(want);
  });
});
