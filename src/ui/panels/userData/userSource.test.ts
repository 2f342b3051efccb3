/**
 * A folder picked (each file with its `webkitRelativePath`, starting with the folder's name) reads as
 * the same folder dropped (paths below the folder): the same paths, so the same hash, and a link
 * made from one is checked against the other.
 */
import { describe, expect, it } from 'vitest';
import { folderHash } from '../../../engine/data/user/contentHash';
import { sourceOfPickedFolder } from './userSource';

const picked = (path: string, text: string) => {
  const file = new File([text], path.split('/').at(-1)!);
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
};

describe('a picked folder', () => {
  it('is named after the folder, its paths start below it, and it hashes as the same folder dropped', async () => {
    const folder = await sourceOfPickedFolder([picked('reviews/pos/1.txt', 'good'), picked('reviews/neg/2.txt', 'bad')]);
    expect(folder).toMatchObject({ kind: 'folder', name: 'reviews' });
    expect(folder!.files.map((f) => f.name)).toEqual(['pos/1.txt', 'neg/2.txt']);
    const dropped = [{ name: 'neg/2.txt', bytes: new TextEncoder().encode('bad') }, { name: 'pos/1.txt', bytes: new TextEncoder().encode('good') }];
    expect(await folderHash(folder!.files)).toBe(await folderHash(dropped));
  });

  it('is nothing when no file was picked', async () => {
    expect(await sourceOfPickedFolder([])).toBeNull();
  });
});
