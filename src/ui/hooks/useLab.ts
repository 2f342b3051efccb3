/**
 * Components reach the store through context (so a test or story can mount the UI on its own
 * store) and read it with narrow selectors, re-rendering only when their slice of state changes.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabState, LabStore } from '../../state/store';

export const LabStoreContext = createContext<LabStore | null>(null);

export function useLabStore(): LabStore {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLab needs a <LabStoreContext> provider above it.');
  return store;
}

/** `selector` must return a primitive or a reference already in the state (or zustand loops). */
export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(useLabStore(), selector);
}
