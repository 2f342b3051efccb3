import { describe, expect, it } from 'vitest';
import { readoutPosition } from './readoutPosition';

const viewport = { width: 1280, height: 800 };
const readout = { width: 300, height: 24 };

describe('readoutPosition', () => {
  it.each<[string, { x: number; y: number }, { width: number; height: number }, { left: number; top: number }]>([
    ['below and right of the pointer', { x: 100, y: 100 }, viewport, { left: 114, top: 114 }],
    ['flipped left near the right edge', { x: 1200, y: 100 }, viewport, { left: 886, top: 114 }],
    ['flipped above near the bottom (a lower heatmap)', { x: 100, y: 790 }, viewport, { left: 114, top: 752 }],
    ['kept inside a phone’s width when neither side has room', { x: 200, y: 400 }, { width: 390, height: 844 }, { left: 4, top: 414 }],
    ['kept inside when the pointer is at the corner', { x: 0, y: 0 }, { width: 200, height: 20 }, { left: 4, top: 4 }],
  ])('%s', (_name, pointer, vp, want) => {
    expect(readoutPosition(pointer, readout, vp)).toEqual(want);
  });

  it('is always wholly inside the window', () => {
    for (let x = 0; x <= 1280; x += 37) {
      for (let y = 0; y <= 800; y += 41) {
        const { left, top } = readoutPosition({ x, y }, readout, viewport);
        expect(left).toBeGreaterThanOrEqual(0);
        expect(top).toBeGreaterThanOrEqual(0);
        expect(left + readout.width).toBeLessThanOrEqual(1280);
        expect(top + readout.height).toBeLessThanOrEqual(800);
      }
    }
  });
});
