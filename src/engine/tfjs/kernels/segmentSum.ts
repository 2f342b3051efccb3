/**
 * UnsortedSegmentSum as plain arithmetic, shared by every backend's kernel: the shape rule, a
 * counting sort of the segment ids, and the per-segment sum over typed arrays.
 *
 * In training this is the Embedding gradient: ids are word ids, x holds one gradient row per
 * token ([N, D] = [batch * timesteps, embeddingDim]) and numSegments is the vocabulary size.
 * Sorting the N ids (O(N + numSegments)) lets each output row sum only its own input rows, where
 * the stock CPU and WebGL kernels compare every id with every segment (O(N * numSegments * D)).
 */
import type { DataType } from '@tensorflow/tfjs-core';

/** How x splits into rows, one per segment id, and the output shape. */
export interface SegmentSumLayout {
  /** [numSegments, ...x.shape.slice(segmentIds.rank)] */
  outShape: number[];
  /** Number of segment ids = rows of x. */
  rows: number;
  /** Elements per row: product of x's dimensions after the ids' dimensions. */
  rowSize: number;
}

/**
 * TensorFlow's shape rule: the ids cover the leading dimensions of x, so ids [a, b] with x [a, b, d]
 * give [numSegments, d]. For 1-D ids (the only kind the gradient of gather produces) this is what
 * every tfjs backend does; tfjs's CPU kernel broadcasts ids of rank 2 or more incorrectly, so we
 * follow TensorFlow there.
 */
export function segmentSumLayout(xShape: readonly number[], idsShape: readonly number[], numSegments: number): SegmentSumLayout {
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(`UnsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}.`);
  }
  const isPrefix = idsShape.length <= xShape.length && idsShape.every((d, i) => d === xShape[i]);
  if (!isPrefix) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds shape [${idsShape.join(', ')}] must be a prefix of x shape [${xShape.join(', ')}].`,
    );
  }
  const inner = xShape.slice(idsShape.length);
  return {
    outShape: [numSegments, ...inner],
    rows: idsShape.reduce((a, b) => a * b, 1),
    rowSize: inner.reduce((a, b) => a * b, 1),
  };
}

/** Output dtype: sums keep int32 and float32 (TensorFlow's rule; tfjs's CPU kernel turns int32 into float32). */
export function segmentSumDtype(xDtype: DataType): 'float32' | 'int32' {
  if (xDtype === 'float32' || xDtype === 'int32') return xDtype;
  throw new Error(`UnsortedSegmentSum: x must be float32 or int32, got ${xDtype}.`);
}

/** Rows of x grouped by segment: the rows of segment s are `perm[offsets[s] .. offsets[s + 1])`. */
export interface SegmentIndex {
  /** Row numbers sorted by segment id, stable (ascending row within a segment). Dropped rows are absent. */
  perm: Int32Array;
  /** Length numSegments + 1; offsets[numSegments] = number of rows kept. */
  offsets: Int32Array;
}

/** Counting sort of the ids. Ids outside [0, numSegments) are dropped, as in TensorFlow. */
export function sortBySegment(ids: ArrayLike<number>, numSegments: number): SegmentIndex {
  const offsets = new Int32Array(numSegments + 1);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id >= 0 && id < numSegments) offsets[id + 1]++;
  }
  for (let s = 0; s < numSegments; s++) offsets[s + 1] += offsets[s];
  const cursor = offsets.slice(0, numSegments);
  const perm = new Int32Array(offsets[numSegments]);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id >= 0 && id < numSegments) perm[cursor[id]++] = i;
  }
  return { perm, offsets };
}

type NumericArray = Float32Array | Int32Array;

/**
 * out[s, :] = sum of x[r, :] over the rows r of segment s, accumulated in float64 in ascending row
 * order (the order, and so the rounding, of tfjs's CPU reference). Writes every element of `out`,
 * so `out` may be uninitialised memory (a fresh WASM allocation).
 * @param x [rows, rowSize] flattened
 * @param out [numSegments, rowSize] flattened
 */
export function sumSegments(x: NumericArray, index: SegmentIndex, rowSize: number, out: NumericArray): void {
  const { perm, offsets } = index;
  const numSegments = offsets.length - 1;
  const acc = new Float64Array(rowSize);
  for (let s = 0; s < numSegments; s++) {
    const start = offsets[s];
    const end = offsets[s + 1];
    const base = s * rowSize;
    if (start === end) {
      out.fill(0, base, base + rowSize);
    } else if (end - start === 1) {
      const r = perm[start] * rowSize;
      for (let j = 0; j < rowSize; j++) out[base + j] = x[r + j];
    } else {
      acc.fill(0);
      for (let i = start; i < end; i++) {
        const r = perm[i] * rowSize;
        for (let j = 0; j < rowSize; j++) acc[j] += x[r + j];
      }
      for (let j = 0; j < rowSize; j++) out[base + j] = acc[j];
    }
  }
}
