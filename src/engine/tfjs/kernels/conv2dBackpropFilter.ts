/**
 * Conv2DBackpropFilter (the filter gradient of conv2d, and so of Conv1D, which tfjs runs as a
 * conv2d over a height-1 image) as plain arithmetic over typed arrays, shared by the CPU and WASM
 * kernels.
 *
 * dW[wR, wC, d1, d2] = sum over (b, yR, yC) of x[b, xR, xC, d1] * dy[b, yR, yC, d2], with
 * xR = yR * strideHeight + wR - padTop and xC likewise: one matrix product, im2col(x)^T . dy,
 * reduced over every output position. The stock CPU kernel walks it one output element at a time
 * through a generic buffer accessor (about 40 s for a Conv1D(32, 3) over 64 x 500 x 32); this
 * blocks it like a matrix product and takes about 0.1 s in plain JavaScript.
 */
import { backend_util, type Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';

/** The geometry of one filter-gradient call, computed the way the stock kernels compute it. */
export function filterGradInfo(xShape: readonly number[], attrs: Conv2DBackpropFilterAttrs): backend_util.Conv2DInfo {
  if (xShape.length !== 4) throw new Error(`Conv2DBackpropFilter: x must be rank 4, got [${xShape.join(', ')}].`);
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape,
    strides,
    1 /* the gradient of conv2d only exists for dilation 1 */,
    pad,
    dimRoundingMode,
    false /* depthwise */,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
}

/** Element strides of a rank-4 tensor in the layout of `info` (NHWC or NCHW), as [batch, row, col, channel]. */
function strides4(height: number, width: number, channels: number, channelsLast: boolean): [number, number, number, number] {
  return channelsLast
    ? [height * width * channels, width * channels, channels, 1]
    : [channels * height * width, width, 1, height * width];
}

/** Output positions per block: their x and dy rows (2 x 512 x channels floats) stay in L2 across the tiles. */
const POSITIONS_PER_BLOCK = 512;

/**
 * The filter gradient, [filterHeight, filterWidth, inChannels, outChannels] flattened, for any
 * stride, padding ('same', 'valid', explicit) and data format.
 *
 * Blocked like a matrix product: for each block of output positions and each filter tap, list the
 * (x row, dy row) pairs once, then sweep 4 x 4 tiles of (inChannel, outChannel) over them with the
 * 16 sums in local variables. Locals are float64, so the sums match the stock CPU kernel's float64
 * dot products to float32 rounding.
 * @param x the input, [batch, inHeight, inWidth, inChannels] (NHWC) or [batch, inChannels, inHeight, inWidth] (NCHW)
 * @param dy the output gradient, [batch, outHeight, outWidth, outChannels] or NCHW
 */
export function conv2dBackpropFilterValues(x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const {
    batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels,
    strideHeight, strideWidth, filterHeight, filterWidth, padInfo,
  } = info;
  const channelsLast = info.dataFormat === 'channelsLast';
  const [xsB, xsR, xsC, xsD] = strides4(inHeight, inWidth, inChannels, channelsLast);
  const [dsB, dsR, dsC, dsD] = strides4(outHeight, outWidth, outChannels, channelsLast);
  const acc = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  const positions = batchSize * outHeight * outWidth;
  const perImage = outHeight * outWidth;
  const xRows = new Int32Array(POSITIONS_PER_BLOCK);
  const dyRows = new Int32Array(POSITIONS_PER_BLOCK);

  for (let p0 = 0; p0 < positions; p0 += POSITIONS_PER_BLOCK) {
    const p1 = Math.min(positions, p0 + POSITIONS_PER_BLOCK);
    for (let wR = 0; wR < filterHeight; wR++) {
      for (let wC = 0; wC < filterWidth; wC++) {
        // The (x row, dy row) pairs this tap sees in this block; taps in the padding are skipped.
        let n = 0;
        for (let p = p0; p < p1; p++) {
          const b = Math.floor(p / perImage);
          const yR = Math.floor((p - b * perImage) / outWidth);
          const yC = p - b * perImage - yR * outWidth;
          const xR = yR * strideHeight + wR - padInfo.top;
          const xC = yC * strideWidth + wC - padInfo.left;
          if (xR < 0 || xR >= inHeight || xC < 0 || xC >= inWidth) continue;
          xRows[n] = b * xsB + xR * xsR + xC * xsC;
          dyRows[n] = b * dsB + yR * dsR + yC * dsC;
          n++;
        }
        if (n === 0) continue;
        const tap = (wR * filterWidth + wC) * inChannels * outChannels;
        const d1Main = inChannels - (inChannels % 4);
        const d2Main = outChannels - (outChannels % 4);
        for (let d1 = 0; d1 < d1Main; d1 += 4) {
          for (let d2 = 0; d2 < d2Main; d2 += 4) {
            tile4x4(x, dy, xRows, dyRows, n, d1 * xsD, xsD, d2 * dsD, dsD, acc, tap + d1 * outChannels + d2, outChannels);
          }
        }
        // Channels left over when a count is not a multiple of 4: one sum at a time.
        for (let d1 = 0; d1 < inChannels; d1++) {
          for (let d2 = d1 < d1Main ? d2Main : 0; d2 < outChannels; d2++) {
            const xo = d1 * xsD;
            const dyo = d2 * dsD;
            let sum = 0;
            for (let i = 0; i < n; i++) sum += x[xRows[i] + xo] * dy[dyRows[i] + dyo];
            acc[tap + d1 * outChannels + d2] += sum;
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

/** acc[d1 + i, d2 + j] += sum over the n row pairs of x[row + d1 + i] * dy[row + d2 + j], i, j < 4. */
function tile4x4(
  x: Float32Array, dy: Float32Array, xRows: Int32Array, dyRows: Int32Array, n: number,
  xo: number, xs: number, dyo: number, dys: number, acc: Float64Array, at: number, accRow: number,
): void {
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
  let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
  let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let i = 0; i < n; i++) {
    const xi = xRows[i] + xo;
    const di = dyRows[i] + dyo;
    const a0 = x[xi], a1 = x[xi + xs], a2 = x[xi + 2 * xs], a3 = x[xi + 3 * xs];
    const b0 = dy[di], b1 = dy[di + dys], b2 = dy[di + 2 * dys], b3 = dy[di + 3 * dys];
    s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
    s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
    s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
    s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
  }
  acc[at] += s00; acc[at + 1] += s01; acc[at + 2] += s02; acc[at + 3] += s03;
  at += accRow;
  acc[at] += s10; acc[at + 1] += s11; acc[at + 2] += s12; acc[at + 3] += s13;
  at += accRow;
  acc[at] += s20; acc[at + 1] += s21; acc[at + 2] += s22; acc[at + 3] += s23;
  at += accRow;
  acc[at] += s30; acc[at + 1] += s31; acc[at + 2] += s32; acc[at + 3] += s33;
}
