import { describe, expect, it } from 'vitest';
import { prepareUserData } from '../../data/user/prepareUserData';
import { textsToSequences } from '../../data/user/tokenizer';
import { classifierDataFile } from '../../textClassifier/classifierFiles';
import { CLASSIFIER_OOV_TOKEN } from '../../textClassifier/classifierModel';
import { readingOf, type PreparedLabelled } from '../../textClassifier/classifyRow';
import { labelledCsv, labelledSentences } from '../../textClassifier/testing';
import { parseDataFile } from '.';
import { classifierReadingOf } from './classify';

async function labelled(): Promise<PreparedLabelled> {
  const data = await prepareUserData(
    { kind: 'file', file: { name: 't.csv', bytes: new TextEncoder().encode(labelledCsv(labelledSentences(10))) } },
    { kind: 'classify', maxlen: 6, validationSplit: 0.2, tokenizer: { numWords: 12, oovToken: CLASSIFIER_OOV_TOKEN } },
  );
  if (data.kind !== 'classify') throw new Error('not classify');
  return data;
}

describe('the classify data file', () => {
  it('writes the tokenizer, maxlen and labels, and reads them back into what Try needs', async () => {
    const l = await labelled();
    const file = classifierDataFile(readingOf(l), 'topics');
    expect(file.name).toBe('topics.data.json');
    const parsed = parseDataFile(file.data, file.name);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed).toMatchObject({ format: 'lstm-lab-data', version: 1, kind: 'classify', maxlen: 6, labels: ['food', 'sport', 'weather'] });
    if (parsed.kind !== 'classify') throw new Error('kind');
    const reading = classifierReadingOf(parsed);
    expect(reading.maxlen).toBe(6);
    const texts = ['the storm and the rain', 'goal! unknown words'];
    expect(textsToSequences(reading.tokenizer, texts)).toEqual(textsToSequences(l.tokenizer, texts));
  });

  it.each<[string, (f: Record<string, unknown>) => void, RegExp]>([
    ['one label', (f) => (f.labels = ['a']), /^m\.data\.json: the classify data file is damaged \(labels: /],
    ['a label twice', (f) => (f.labels = ['a', 'a']), /labels: each label must be listed once/],
    ['a tokenizer that is not Keras’', (f) => (f.tokenizer = '{"class_name": "Other"}'), /tokenizer: the tokenizer is not one Keras wrote/],
    ['a maxlen of 0', (f) => (f.maxlen = 0), /maxlen: /],
  ])('refuses a file with %s in one sentence naming it', async (_name, damage, message) => {
    const file = JSON.parse(new TextDecoder().decode(classifierDataFile(readingOf(await labelled()), 'm').data)) as Record<string, unknown>;
    damage(file);
    expect(parseDataFile(new TextEncoder().encode(JSON.stringify(file)), 'm.data.json')).toMatch(message);
  });
});
