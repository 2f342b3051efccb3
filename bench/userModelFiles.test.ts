/** `npm run train -- --data FILE --task text --save-keras X.h5 --save-tfjs DIR`: each model file with its data file, which load back together (`userModelFiles.ts`). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCharText } from '../src/engine/data/user/charText';
import { readTextModelFiles } from '../src/state/textModelFiles';

const dir = mkdtempSync(join(tmpdir(), 'text-model-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the command line saves a text model with its data file', () => {
  it('writes X.h5 and X.data.json, DIR/model.json and DIR/model.data.json, and they read back as the text’s model', async () => {
    const text = 'ab ba abba baab, abab! '.repeat(30);
    const file = join(dir, 'abba.txt');
    writeFileSync(file, text);
    const h5 = join(dir, 'out', 'abba.h5');
    const tfjs = join(dir, 'out', 'abba-tfjs');
    const run = spawnSync(process.execPath, [
      '--import', 'tsx', 'bench/train.ts', '--data', file, '--task', 'text', '--seqLength', '6', '--units', '6', '--epochs', '1',
      '--sampleLength', '5', '--save-keras', h5, '--save-tfjs', tfjs, '--json',
    ], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const saved = run.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'saved');
    expect(saved).toEqual([
      { type: 'saved', format: 'keras', path: h5 }, { type: 'saved', format: 'tfjs', path: join(tfjs, 'model.json') },
      { type: 'saved', format: 'data', path: join(dir, 'out', 'abba.data.json') }, { type: 'saved', format: 'data', path: join(tfjs, 'model.data.json') },
    ]);
    const { vocabulary } = encodeCharText(text);
    const fromH5 = await readTextModelFiles([h5, join(dir, 'out', 'abba.data.json')].map((p) => ({ name: p.split('/').pop()!, data: new Uint8Array(readFileSync(p)) })));
    expect(fromH5.model.vocabulary.chars).toEqual(vocabulary.chars);
    expect(fromH5.model.seqLength).toBe(6);
    const fromTfjs = await readTextModelFiles(readdirSync(tfjs).map((n) => ({ name: n, data: new Uint8Array(readFileSync(join(tfjs, n))) })));
    fromTfjs.model.weights.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(fromH5.model.weights[i].values)));
  });
});
