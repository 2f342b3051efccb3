/** Handing bytes to the browser as a download: the model files, the history, a data file. */
import type { NamedBytes } from '../state/modelFiles';

export function download(file: NamedBytes): void {
  const url = URL.createObjectURL(new Blob([file.data.slice().buffer as ArrayBuffer], { type: file.type ?? 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Long enough for the browser to start reading it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
