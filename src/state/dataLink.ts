/**
 * The link a page was opened with when it names a run on a user's data (`?data=text&dataName=…`):
 * read once at startup (`urlSync.ts`), then taken by the card of its kind, which asks for the file.
 */
import { createStore } from 'zustand/vanilla';
import type { RunConfig } from '../config/runConfig';

export const dataLinkStore = createStore<{ link: RunConfig | null }>()(() => ({ link: null }));
