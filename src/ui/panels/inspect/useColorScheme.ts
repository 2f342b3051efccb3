/**
 * The theme the page is drawn in (it follows the system setting, as styles.css does), for what CSS
 * cannot colour: the heatmaps' canvas pixels. Re-renders when the setting changes.
 */
import { useSyncExternalStore } from 'react';
import type { Theme } from './colorScale';

const QUERY = '(prefers-color-scheme: dark)';

const subscribe = (onChange: () => void) => {
  const media = window.matchMedia?.(QUERY);
  media?.addEventListener('change', onChange);
  return () => media?.removeEventListener('change', onChange);
};
const current = (): Theme => (window.matchMedia?.(QUERY).matches ? 'dark' : 'light');

export function useColorScheme(): Theme {
  return useSyncExternalStore(subscribe, current, () => 'light');
}
