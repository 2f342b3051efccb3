/**
 * A user's file as text: strict UTF-8 (a BOM is dropped), line ends as Python reads a text file
 * (`\r\n` and `\r` become `\n`, so the Keras script reading the same file sees the same text), and
 * a sentence instead of text for an empty file, a binary one, one over the size limit or one that is
 * not UTF-8 (with the byte offset and line of the first bad byte).
 */
import { LIMIT_REASON, MAX_TEXT_BYTES, formatBytes, formatOver } from './limits';
import { refuse } from './problem';

/** A file the user gave, as bytes (from a drop, a picker, a folder, or Node's `fs`). */
export interface UserFile {
  /** Its name; for a file of a folder, its path inside the folder (`pos/1.txt`). */
  name: string;
  bytes: Uint8Array;
}

/** How much of the start is looked at to tell binary from text: enough for any file format's header. */
const SNIFF_BYTES = 64 * 1024;
/**
 * Control bytes (other than tab, line ends, form feed and escape) that text may hold before we
 * call it binary: a few stray ones occur in real text files, a binary format has them everywhere.
 */
const MAX_CONTROL_RATIO = 0.05;

export interface ReadTextOptions {
  /** Bytes over which the file is refused unread. Default `MAX_TEXT_BYTES`. */
  maxBytes?: number;
}

export function readText(file: UserFile, { maxBytes = MAX_TEXT_BYTES }: ReadTextOptions = {}): string {
  const { name, bytes } = file;
  const where = { file: name };
  if (bytes.length === 0) refuse(where, 'the file is empty; choose a file that holds text.');
  if (bytes.length > maxBytes) {
    refuse(where, `the file is ${formatOver(bytes.length, maxBytes)}, over the limit of ${formatBytes(maxBytes)} of text, because ${LIMIT_REASON}; use a part of it.`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    refuse(where, 'the file is UTF-16 text; save it as UTF-8 and choose it again.');
  }
  // A zero byte anywhere: no text file holds one (UTF-8 never needs it), so the whole file is searched.
  const zero = bytes.indexOf(0);
  if (zero >= 0) refuse(where, `the file is binary (a zero byte at offset ${zero}), not text; choose a .txt, .csv or .tsv file.`);
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < sniff.length; i++) {
    const b = sniff[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (control > sniff.length * MAX_CONTROL_RATIO) {
    refuse(where, 'the file is binary (full of control characters), not text; choose a .txt, .csv or .tsv file.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = countLines(bytes, offset);
    refuse(where, `the bytes at offset ${offset} (line ${line}) are not UTF-8; save the file as UTF-8 text (it may be Latin-1 or Windows-1252) and choose it again.`);
  }
  text = text.replace(/\r\n?/g, '\n');
  if (!/\S/.test(text)) refuse(where, 'the file holds only blank space; choose a file that holds text.');
  return text;
}

/** 1-based line of byte `offset`. */
function countLines(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Offset of the first byte that breaks UTF-8 (the Unicode standard's table of well-formed byte
 * sequences: no overlong forms, no surrogates, nothing past U+10FFFF), or `bytes.length` when a
 * sequence is cut off at the end. Only called after the decoder refused, to say where.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
