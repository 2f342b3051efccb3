/**
 * A dataset's identity: SHA-256 of its bytes, in hex, through Web Crypto (`crypto.subtle`, in
 * browsers, workers and Node 20). A single file's hash is the hash of the file, so
 * `sha256sum reviews.csv` prints the same and a shared link can be checked by hand. A folder's
 * hash covers every file's path and bytes, in path order, so the order the browser lists them in
 * does not matter while a renamed or moved file does.
 */
import { byCodePoint } from './codePointOrder';
import type { UserFile } from './readText';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // A view into part of a buffer (or a shared one) is copied, so digest reads the view's bytes only;
  // a whole buffer is hashed in place (no second copy of a 50 MB file).
  const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const digest = await crypto.subtle.digest('SHA-256', whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** For each file in path order (by code point, as Python's `sorted`): its path in UTF-8, a zero byte, its length as decimal text, a zero byte, its bytes. */
export async function folderHash(files: readonly UserFile[]): Promise<string> {
  const encoder = new TextEncoder();
  const sorted = [...files].sort((a, b) => byCodePoint(a.name, b.name));
  const parts = sorted.flatMap((f) => [encoder.encode(`${f.name}\0${f.bytes.length}\0`), f.bytes]);
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return sha256Hex(all);
}
