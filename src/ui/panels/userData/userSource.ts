/**
 * A file or a folder as the user gives it to the page, into the data layer's source: a picked or
 * dropped CSV/TSV (one file), a folder picked with `<input webkitdirectory>` (each file with its
 * `webkitRelativePath`), or a folder dropped (walked through `webkitGetAsEntry`). Paths inside a
 * folder use `/`, as `labelledTextsFromFolder` reads them, and start below the folder itself, picked
 * or dropped alike: the folder's hash covers its paths, and a link made from a dropped folder is
 * checked against the same folder picked.
 */
import type { UserDataSource } from '../../../engine/data/user/prepareUserData';
import type { UserFile } from '../../../engine/data/user/readText';

const bytesOf = async (file: File) => new Uint8Array(await file.arrayBuffer());

export async function sourceOfFile(file: File): Promise<UserDataSource> {
  return { kind: 'file', file: { name: file.name, bytes: await bytesOf(file) } };
}

/** A picked folder's files: their relative paths start with the folder's name, which names the source and is taken off. */
export async function sourceOfPickedFolder(files: readonly File[]): Promise<Extract<UserDataSource, { kind: 'folder' }> | null> {
  if (files.length === 0) return null;
  const paths = files.map((f) => f.webkitRelativePath || f.name);
  const root = paths[0].split('/')[0];
  const below = (path: string) => (path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path);
  const read: UserFile[] = await Promise.all(files.map(async (f, i) => ({ name: below(paths[i]), bytes: await bytesOf(f) })));
  return { kind: 'folder', name: root, files: read };
}

const fileOfEntry = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** Every entry of a directory: `readEntries` gives them in pages until an empty one. */
async function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const page = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (page.length === 0) return all;
    all.push(...page);
  }
}

async function walk(entry: FileSystemEntry, path: string, out: UserFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ name: path, bytes: await bytesOf(await fileOfEntry(entry as FileSystemFileEntry)) });
  } else if (entry.isDirectory) {
    for (const child of await entriesOf(entry as FileSystemDirectoryEntry)) await walk(child, `${path}/${child.name}`, out);
  }
}

/** What was dropped: a folder (walked), or the first file; null when nothing usable was dropped. */
export async function sourceOfDrop(data: DataTransfer): Promise<UserDataSource | null> {
  const entry = data.items?.[0]?.webkitGetAsEntry?.() ?? null;
  if (entry?.isDirectory) {
    const files: UserFile[] = [];
    for (const child of await entriesOf(entry as FileSystemDirectoryEntry)) await walk(child, child.name, files);
    return { kind: 'folder', name: entry.name, files };
  }
  const file = data.files[0];
  return file ? sourceOfFile(file) : null;
}
