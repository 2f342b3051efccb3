import { describe, expect, it, vi } from 'vitest';
import type { LabState } from '../state/labState';
import { NEW_VERSION_NOTICE, onNewVersion } from './newVersion';

const storeIn = (status: LabState['status']) => {
  const addNotice = vi.fn();
  return { addNotice, store: { getState: () => ({ status, addNotice }) as unknown as LabState } };
};

describe('onNewVersion', () => {
  it.each<LabState['status']>(['idle', 'done', 'error'])('reloads into the new build when the page is %s', (status) => {
    const { store, addNotice } = storeIn(status);
    const reload = vi.fn();
    onNewVersion(store, reload);
    expect(reload).toHaveBeenCalledOnce();
    expect(addNotice).not.toHaveBeenCalled();
  });

  it.each<LabState['status']>(['preparing', 'training', 'paused', 'stopping'])('never reloads under a run that is %s: it says so instead', (status) => {
    const { store, addNotice } = storeIn(status);
    const reload = vi.fn();
    onNewVersion(store, reload);
    expect(reload).not.toHaveBeenCalled();
    expect(addNotice).toHaveBeenCalledWith(NEW_VERSION_NOTICE);
  });
});
