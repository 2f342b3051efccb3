/**
 * Picking a model's files with its data file to load them back into a user-data card (the text
 * card, the labelled texts card): the files' size checked first, read by the card's own reader
 * (`state/*ModelFiles.ts`), and what came of it in one sentence. `testId` names the input; its
 * sentences are `${testId}.error` and `${testId}.ok`.
 */
import { useId, useState } from 'react';
import { pickedFilesProblem, type NamedBytes } from '../../../state/modelFiles';

type LoadState = { kind: 'idle' } | { kind: 'reading' } | { kind: 'error' | 'ok'; message: string };

export function LoadModelFiles<M>({ label, testId, disabled, read, onLoaded }: {
  label: string;
  testId: string;
  disabled: boolean;
  read: (files: NamedBytes[]) => Promise<{ model: M; name: string }>;
  /** Makes the model the card's; returns the sentence saying what was loaded. */
  onLoaded: (model: M, name: string) => string;
}) {
  const inputId = useId();
  const [load, setLoad] = useState<LoadState>({ kind: 'idle' });
  const pick = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const tooLarge = pickedFilesProblem([...list]);
    if (tooLarge) return setLoad({ kind: 'error', message: tooLarge });
    setLoad({ kind: 'reading' });
    try {
      const files = await Promise.all([...list].map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })));
      const { model, name } = await read(files);
      setLoad({ kind: 'ok', message: onLoaded(model, name) });
    } catch (e) {
      setLoad({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <>
      <label htmlFor={inputId} className="field-label">{label}</label>
      <input
        id={inputId}
        type="file"
        multiple
        accept=".h5,.hdf5,.json,.bin"
        data-testid={testId}
        disabled={disabled || load.kind === 'reading'}
        onChange={(e) => {
          void pick(e.target.files);
          e.target.value = '';
        }}
      />
      {load.kind === 'reading' && <p className="muted small">Reading…</p>}
      {load.kind === 'error' && <p className="field-error" role="alert" data-testid={`${testId}.error`}>{load.message}</p>}
      {load.kind === 'ok' && <p className="small" role="status" data-testid={`${testId}.ok`}>{load.message}</p>}
    </>
  );
}
