/**
 * How the engine reads static data files without knowing where it runs. The browser implementation
 * fetches (with Cache Storage); the Node one reads `public/` from disk. Injected, never imported by
 * the engine, so the engine stays free of platform I/O.
 */
export interface AssetSource {
  /**
   * Reads one file under the data root, e.g. "imdb/manifest.json".
   * @param onProgress called with bytes read so far and the expected total (0 when unknown)
   */
  fetchBytes(path: string, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array>;
  /** Forgets any cached copy, so a Retry after a corrupt file fetches it afresh. */
  evict?(path: string): Promise<void>;
}
