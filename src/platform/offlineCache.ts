/// <reference types="vite-plugin-pwa/client" />
/**
 * Registers the service worker that keeps the page working offline after its first load (built
 * by vite-plugin-pwa, see vite.config.ts). Browser-only; in the dev server the registration is a
 * no-op.
 */
import { registerSW } from 'virtual:pwa-register';
import type { LabStore } from '../state/store';
import { onNewVersion } from './newVersion';

export function keepWorkingOffline(store: LabStore): void {
  if (!('serviceWorker' in navigator)) return;
  registerSW({
    immediate: true,
    onNeedReload: () => onNewVersion(store, () => location.reload()),
    // Without the worker the page works as before, online only. Browsers refuse workers in some
    // private windows (and test harnesses block them), so this is no news for the page itself.
    onRegisterError: (e: unknown) => console.warn(`LSTM Lab is not kept for offline use: ${e instanceof Error ? e.message : String(e)}`),
  });
}
