/**
 * The only module that reads or writes the page URL. On startup the query string becomes the
 * initial config (with the problems the codec found); afterwards every config change rewrites the
 * query with `replaceState`, so the address bar is always a link that reproduces the run without
 * adding a history entry per keystroke.
 */
import { defaultConfig, type RunConfig } from '../config/runConfig';
import { DEFAULT_SCENARIO } from '../scenarios';
import { decodeConfig, encodeConfig } from '../url/codec';
import type { ConfigInit } from './configSlice';
import type { LabStore } from './store';

/** The part of `History` this module uses; tests pass a recording object. */
export interface HistoryLike {
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
}

/** What a page opened on: the tutorials' configuration, and a run on a user's data when the link names one. */
export interface OpenedLink extends ConfigInit {
  /** A link to a run on a user's data (`data=…`): its card asks for the file; the tutorials keep their defaults. */
  dataLink?: RunConfig;
}

export function readConfigFromSearch(search: string): OpenedLink {
  const { config, problems } = decodeConfig(search);
  if (!config.data) return { config, problems };
  return { config: defaultConfig(DEFAULT_SCENARIO), problems, dataLink: config };
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
export function readConfigFromLocation(): OpenedLink {
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

/** The link to a run of a user's data (the text card's "Copy link"): this page with that configuration. */
export function shareUrlOf(config: RunConfig): string {
  return `${window.location.origin}${window.location.pathname}?${encodeConfig(config)}`;
}
