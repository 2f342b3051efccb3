import { describe, expect, it } from 'vitest';
import { defaultConfig, userDataConfig } from '../config/runConfig';
import { runShortTitle } from './userRunKinds';

describe('runShortTitle', () => {
  it('names a tutorial by the first part of its title', () => {
    expect(runShortTitle(defaultConfig('alphabet'))).toBe('Alphabet');
  });

  it('adds the recurrent layer where it was a choice, so compared runs tell themselves apart', () => {
    const memory = defaultConfig('memory');
    expect(runShortTitle(memory)).toBe('Why LSTM · LSTM');
    expect(runShortTitle({ ...memory, hp: { ...memory.hp, cell: 'simpleRnn' } })).toBe('Why LSTM · SimpleRNN');
    const hp = { ...defaultConfig('alphabet').hp };
    const data = { name: 'notes.txt', hash: 'ab', size: 3, task: { kind: 'text' } } as never;
    expect(runShortTitle(userDataConfig(hp, data))).toBe('notes.txt');
    expect(runShortTitle(userDataConfig({ ...hp, cell: 'gru' }, data))).toBe('notes.txt · GRU');
  });
});
