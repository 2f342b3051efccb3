import { describe, expect, it } from 'vitest';
import { divergingPacked, sequentialPacked } from './colorScale';
import { PADDING_ALPHA, paintCells, pixelOf } from './paintCells';

describe('pixelOf', () => {
  it.each([
    [true, [0x12, 0x34, 0x56, 200]],
    [false, [0x12, 0x34, 0x56, 200]],
  ])('puts R, G, B, A in memory order (little endian %s)', (littleEndian, bytes) => {
    const word = pixelOf(0x123456, 200, littleEndian);
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, word, littleEndian);
    expect([...new Uint8Array(view.buffer)]).toEqual(bytes);
  });
});

describe('paintCells', () => {
  // 3 steps × 2 units; the first step is padding.
  const values = [[0.1, 0.9], [0.5, 0.2], [1, 0]];
  const steps = [{ label: '', padding: true }, { label: 'a', padding: false }, { label: 'b', padding: false }];

  it.each([
    ['units in their own order', [0, 1]],
    ['units sorted the other way', [1, 0]],
  ])('colours every cell of a w × h block, %s', (_name, order) => {
    const w = 2, h = 3, T = 3;
    const pixels = new Uint32Array(T * w * order.length * h);
    paintCells(pixels, { values, steps, order, scale: 'sequential', max: 1, w, h });
    for (let row = 0; row < order.length; row++) {
      for (let t = 0; t < T; t++) {
        const want = pixelOf(sequentialPacked(values[t][order[row]]), t === 0 ? PADDING_ALPHA : 255);
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect(pixels[(row * h + y) * T * w + t * w + x]).toBe(want);
      }
    }
  });

  it('scales signed values to the given end', () => {
    const pixels = new Uint32Array(3 * 2);
    paintCells(pixels, { values: [[-2, 1], [0, 2], [4, -4]], steps: [], order: [0, 1], scale: 'diverging', max: 4, w: 1, h: 1 });
    expect(pixels[1]).toBe(pixelOf(divergingPacked(0, 4), 255));
    expect(pixels[2]).toBe(pixelOf(divergingPacked(4, 4), 255));
    expect(pixels[0]).toBe(pixelOf(divergingPacked(-2, 4), 255));
  });
});

describe('paintCells in dark mode', () => {
  it('takes the dark palette: a gate of 1 is the bright end, not dark navy', () => {
    const pixels = new Uint32Array(2);
    paintCells(pixels, { values: [[0], [1]], steps: [], order: [0], scale: 'sequential', max: 1, w: 1, h: 1, theme: 'dark' });
    expect(pixels[0]).toBe(pixelOf(sequentialPacked(0, 'dark'), 255));
    expect(pixels[1]).toBe(pixelOf(sequentialPacked(1, 'dark'), 255));
    expect(pixels[1]).not.toBe(pixelOf(sequentialPacked(1, 'light'), 255));
  });
});
