/**
 * How much of the user's data the lab takes. The whole file, its decoded text and the samples built
 * from it live in one browser tab's memory (and again in the training worker), and a tab that runs
 * out of memory is killed with everything on the page: these limits keep far from that.
 */

/** Bytes of text: 50 MB decode to up to 100 MB of JavaScript string, plus the encoded copy the model reads. */
export const MAX_TEXT_BYTES = 50 * 1024 * 1024;

/** Data rows of a CSV/TSV file or files of a folder: 200,000 padded reviews of 500 words are 400 MB of word ids. */
export const MAX_ROWS = 200_000;

/** The sentence that explains both limits, for the messages that refuse a file over them. */
export const LIMIT_REASON = 'the lab keeps the whole file and the samples made from it in this tab’s memory';

/** `52428800` → "50 MB" (binary megabytes, as the limits are written). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 || Number.isInteger(mb) ? mb.toFixed(0) : mb.toFixed(1)} MB`;
}

/** A size over `limit`, written so that it reads as more than the limit ("50 MB" over "50 MB" does not). */
export function formatOver(bytes: number, limit: number): string {
  return formatBytes(bytes) === formatBytes(limit) ? `${bytes.toLocaleString('en')} bytes` : formatBytes(bytes);
}
