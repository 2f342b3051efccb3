import { describe, expect, it, vi } from 'vitest';
import type { RunHandle } from '../../../engine/types';
import { runControls } from './runControls';

const handle = (): RunHandle => ({ pause: vi.fn(), resume: vi.fn(), stop: vi.fn(), done: new Promise(() => {}) });

describe('a user-data card’s Stop, Pause and Resume', () => {
  it('pause only a run that trains, and say so; resume and stop clear it', () => {
    const run = handle();
    let phase = 'reading';
    const paused: boolean[] = [];
    const controls = runControls(() => run, () => phase, (p) => paused.push(p));
    controls.pause();
    expect(run.pause).not.toHaveBeenCalled();
    phase = 'training';
    controls.pause();
    expect(run.pause).toHaveBeenCalledTimes(1);
    controls.resume();
    expect(run.resume).toHaveBeenCalledTimes(1);
    controls.pause();
    controls.stop();
    expect(run.stop).toHaveBeenCalledTimes(1);
    expect(paused).toEqual([true, false, true, false]);
  });

  it('do nothing without a run', () => {
    const paused: boolean[] = [];
    const controls = runControls(() => null, () => 'training', (p) => paused.push(p));
    controls.pause();
    expect(paused).toEqual([]);
  });
});
