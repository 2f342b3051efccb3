import { describe, expect, it } from 'vitest';
import { encodeConfig } from '../url/codec';
import { createLabStore } from './store';
import { createFakeEngine, manualSchedule } from './testEngine';
import { readConfigFromSearch, syncConfigToUrl, type HistoryLike } from './urlSync';

function recordingHistory(): HistoryLike & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    replaceState(_data, _unused, url) {
      urls.push(String(url));
    },
  };
}

function storeFrom(search: string) {
  return createLabStore({ engine: createFakeEngine(), schedule: manualSchedule(), initial: readConfigFromSearch(search) });
}

describe('url sync', () => {
  it('starts from the URL and keeps its problems for the banner', () => {
    const store = storeFrom('?tutorial=trend&epochs=9999&bogus=1&units=64');
    const s = store.getState();
    expect(s.config.scenario).toBe('trend');
    expect(s.config.hp.units).toBe(64);
    expect(s.config.hp.epochs).toBe(200); // out of range → tutorial default
    expect(s.urlProblems.map((p) => p.field).sort()).toEqual(['bogus', 'epochs']);
  });

  it('writes the normalised URL once at startup and again on each config change', () => {
    const store = storeFrom('?tutorial=trend&bogus=1');
    const history = recordingHistory();
    const stop = syncConfigToUrl(store, history);
    expect(history.urls).toEqual(['?' + encodeConfig(store.getState().config)]);

    store.getState().setField('units', '64');
    expect(history.urls).toHaveLength(2);
    expect(history.urls[1]).toContain('units=64');

    // Invalid text and state changes outside the config write nothing.
    store.getState().setField('units', '-3');
    store.getState().addNotice('hello');
    store.getState().dismissUrlProblems();
    expect(history.urls).toHaveLength(2);

    stop();
    store.getState().setField('units', '65');
    expect(history.urls).toHaveLength(2);
  });

  it('round-trips: the written URL decodes to the same config', () => {
    const store = storeFrom('');
    const history = recordingHistory();
    syncConfigToUrl(store, history);
    store.getState().selectScenario('imdb-small-vocab');
    store.getState().setField('learningRate', '0.002');
    const again = readConfigFromSearch(history.urls[history.urls.length - 1]);
    expect(again.problems).toEqual([]);
    expect(again.config).toEqual(store.getState().config);
  });
});
