/**
 * The only module that reads or writes the page URL. On startup the query string becomes the
 * initial config (with the problems the codec found); afterwards every config change rewrites the
 * query with `replaceState`, so the address bar is always a link that reproduces the run without
 * adding a history entry per keystroke.
 */
import { decodeConfig, encodeConfig } from '../url/codec';
import type { ConfigInit } from './configSlice';
import type { LabStore } from './store';

/** The part of `History` this module uses; tests pass a recording object. */
export interface HistoryLike {
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
}

export function readConfigFromSearch(search: string): ConfigInit {
  return decodeConfig(search);
}

/**
 * Writes the config to the URL now and after every change. Returns the unsubscribe function.
 * The first write also drops anything the codec rejected from the address bar.
 */
export function syncConfigToUrl(store: LabStore, history: HistoryLike): () => void {
  let written = store.getState().config;
  const write = () => history.replaceState(null, '', '?' + encodeConfig(written));
  write();
  return store.subscribe((state) => {
    if (state.config === written) return;
    written = state.config;
    write();
  });
}

/** Startup in the browser: the config from `location.search`. */
export function readConfigFromLocation(): ConfigInit {
  return readConfigFromSearch(window.location.search);
}

/** Startup in the browser: keep `window.history` in step with the store. */
export function syncConfigToBrowserUrl(store: LabStore): () => void {
  return syncConfigToUrl(store, window.history);
}

/** The link the "Copy link" button shares. */
export function currentShareUrl(): string {
  return window.location.href;
}
