import { describe, expect, it } from 'vitest';
import { responsivenessRuns, summarizeObserved } from './responsiveness';

describe('summarizeObserved', () => {
  it('gives frame gaps and the longest long tasks relative to the start', () => {
    const frames = Array.from({ length: 10 }, (_, i) => 1000 + i * 16);
    frames.push(frames[frames.length - 1] + 120);
    const s = summarizeObserved(
      { frames, longTasks: [{ start: 1100, duration: 60 }, { start: 1300, duration: 130 }, { start: 1500, duration: 55 }] },
      1000,
    );
    // Ten gaps: nine of 16 ms and one of 120 ms.
    expect(s.frames).toMatchObject({ count: 11, medianGapMs: 16, maxGapMs: 120 });
    expect(s.frames.p95GapMs).toBeCloseTo(16 + 0.55 * 104, 9);
    expect(s.longTasks).toEqual({
      count: 3, maxMs: 130, totalMs: 245,
      worst: [{ atMs: 300, ms: 130 }, { atMs: 100, ms: 60 }, { atMs: 500, ms: 55 }],
    });
  });

  it('copes with nothing observed', () => {
    const s = summarizeObserved({ frames: [], longTasks: [] });
    expect(s.longTasks).toEqual({ count: 0, maxMs: 0, totalMs: 0, worst: [] });
    expect(s.frames.count).toBe(0);
  });
});

describe('responsivenessRuns', () => {
  it('watches alphabet, and IMDB when its data is prepared (not in quick mode)', () => {
    expect(responsivenessRuns(true, false).map((r) => r.query)).toEqual([
      'tutorial=alphabet&epochs=3&samples=300', 'tutorial=imdb-small-vocab&trainSubset=256&epochs=1',
    ]);
    expect(responsivenessRuns(false, false)).toHaveLength(1);
    expect(responsivenessRuns(true, true)).toHaveLength(1);
  });
});
