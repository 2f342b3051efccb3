/**
 * The binary shard format for encoded IMDB reviews (format version 1). One shard holds a run of
 * reviews from one split; a split is the concatenation of its shards in manifest order.
 *
 * Layout, all integers little endian:
 *
 *   offset  size          field
 *   0       4             magic, the ASCII bytes "IMDB"
 *   4       2             version (u16) = 1
 *   6       2             reserved (u16) = 0
 *   8       4             count: reviews in this shard (u32)
 *   12      4             tokenTotal: sum of all review lengths (u32)
 *   16      4             payloadBytes: size of the token payload (u32)
 *   20      4 * count     lengths: tokens per review (u32), start marker included
 *   ..      count         labels: one byte per review, 0 = negative, 1 = positive
 *   ..      payloadBytes  token ids, review after review, as unsigned LEB128 varints
 *
 * The file is exactly 20 + 5 * count + payloadBytes bytes. Why varints: ids are word ranks, so
 * most are small; the top 125 words take one byte and nearly all the rest two, which makes the
 * download about 2.5 times smaller than u32 ids, and decoding 12 M ids still takes well under a
 * second. Pure: no I/O; used by the build script and the run-time loader alike.
 */
import { DataFileError } from './errors';

export const SHARD_VERSION = 1;
export const SHARD_HEADER_BYTES = 20;
const MAGIC = [0x49, 0x4d, 0x44, 0x42]; // "IMDB"
/** Largest id a shard may hold: ids are decoded into an Int32Array. */
const MAX_ID = 0x7fffffff;

export interface ShardReview {
  label: 0 | 1;
  /** Word ids, start marker first. */
  ids: ArrayLike<number>;
}

/** A decoded shard (or a whole split, once shards are concatenated). */
export interface ReviewBlock {
  /** [count] 0 = negative, 1 = positive. */
  labels: Uint8Array;
  /** [count + 1] review `i` is `tokens.subarray(offsets[i], offsets[i + 1])`. */
  offsets: Uint32Array;
  /** [tokenTotal] all word ids, review after review. */
  tokens: Int32Array;
}

const varintSize = (v: number): number => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);

export function encodeShard(reviews: readonly ShardReview[]): Uint8Array {
  let tokenTotal = 0;
  let payloadBytes = 0;
  for (const r of reviews) {
    tokenTotal += r.ids.length;
    for (let i = 0; i < r.ids.length; i++) {
      const id = r.ids[i];
      if (!Number.isInteger(id) || id < 0 || id > MAX_ID) throw new RangeError(`token id ${id} cannot be stored`);
      payloadBytes += varintSize(id);
    }
  }
  const count = reviews.length;
  const out = new Uint8Array(SHARD_HEADER_BYTES + 5 * count + payloadBytes);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(4, SHARD_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, count, true);
  view.setUint32(12, tokenTotal, true);
  view.setUint32(16, payloadBytes, true);
  let p = SHARD_HEADER_BYTES;
  for (const r of reviews) {
    view.setUint32(p, r.ids.length, true);
    p += 4;
  }
  for (const r of reviews) out[p++] = r.label;
  for (const r of reviews) {
    for (let i = 0; i < r.ids.length; i++) {
      let v = r.ids[i];
      while (v >= 0x80) {
        out[p++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      out[p++] = v;
    }
  }
  return out;
}

/**
 * Decodes one shard, checking every length so that a damaged file fails here with a clear
 * `DataFileError('bad-format')` rather than as garbage ids later.
 * @param file the name used in error messages
 */
export function decodeShard(bytes: Uint8Array, file = 'shard'): ReviewBlock {
  const bad = (detail: string): DataFileError => new DataFileError(file, 'bad-format', detail);
  if (bytes.length < SHARD_HEADER_BYTES) throw bad(`only ${bytes.length} bytes, shorter than the header`);
  if (MAGIC.some((b, i) => bytes[i] !== b)) throw bad('it does not start with "IMDB"');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== SHARD_VERSION) throw bad(`shard format version ${version}, expected ${SHARD_VERSION}`);
  const count = view.getUint32(8, true);
  const tokenTotal = view.getUint32(12, true);
  const payloadBytes = view.getUint32(16, true);
  const expected = SHARD_HEADER_BYTES + 5 * count + payloadBytes;
  if (bytes.length !== expected) throw bad(`header says ${expected} bytes, file has ${bytes.length}`);

  const offsets = new Uint32Array(count + 1);
  let p = SHARD_HEADER_BYTES;
  for (let i = 0; i < count; i++, p += 4) offsets[i + 1] = offsets[i] + view.getUint32(p, true);
  if (offsets[count] !== tokenTotal) throw bad(`review lengths add up to ${offsets[count]}, header says ${tokenTotal}`);
  const labels = bytes.slice(p, p + count);
  p += count;
  for (let i = 0; i < count; i++) if (labels[i] > 1) throw bad(`label ${labels[i]} at review ${i}`);

  const tokens = new Int32Array(tokenTotal);
  const end = bytes.length;
  let t = 0;
  while (p < end && t < tokenTotal) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      if (p >= end || shift > 28) throw bad(`broken varint at byte ${p}`);
      b = bytes[p++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (v > MAX_ID) throw bad(`token id ${v} out of range at byte ${p}`);
    tokens[t++] = v;
  }
  if (t !== tokenTotal || p !== end) throw bad(`payload holds ${t} ids in ${p - (end - payloadBytes)} bytes, expected ${tokenTotal} in ${payloadBytes}`);
  return { labels, offsets, tokens };
}

/** Joins blocks end to end (the shards of one split). */
export function concatBlocks(blocks: readonly ReviewBlock[]): ReviewBlock {
  if (blocks.length === 1) return blocks[0];
  const count = blocks.reduce((s, b) => s + b.labels.length, 0);
  const tokenTotal = blocks.reduce((s, b) => s + b.tokens.length, 0);
  const labels = new Uint8Array(count);
  const offsets = new Uint32Array(count + 1);
  const tokens = new Int32Array(tokenTotal);
  let r = 0;
  let t = 0;
  for (const b of blocks) {
    labels.set(b.labels, r);
    for (let i = 1; i < b.offsets.length; i++) offsets[r + i] = t + b.offsets[i];
    tokens.set(b.tokens, t);
    r += b.labels.length;
    t += b.tokens.length;
  }
  return { labels, offsets, tokens };
}
