/**
 * Picking saved model files to load (a tutorial's in "Take it with you", a text model with its data
 * file in the text card): a file larger than any model is refused before it is read, the files are
 * read, `read` makes what it can of them, and its one sentence (what loaded, or why not) is shown.
 */
import { useId, useState } from 'react';
import { pickedFilesProblem, type NamedBytes } from '../../state/modelFiles';

type PickState = { kind: 'idle' } | { kind: 'reading' } | { kind: 'error' | 'ok'; message: string };

export function ModelFilePicker({ label, testId, disabled, read, className }: {
  label: string;
  /** `testId` on the input; `.error` and `.ok` on the messages. */
  testId: string;
  disabled: boolean;
  /** Loads the files and says what loaded; throws with the sentence that refuses them. */
  read: (files: NamedBytes[]) => Promise<string>;
  className?: string;
}) {
  const inputId = useId();
  const [state, setState] = useState<PickState>({ kind: 'idle' });

  const pick = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    // A file larger than any model is refused before the tab reads it into memory.
    const tooLarge = pickedFilesProblem([...list]);
    if (tooLarge) return setState({ kind: 'error', message: tooLarge });
    setState({ kind: 'reading' });
    try {
      const files = await Promise.all([...list].map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })));
      setState({ kind: 'ok', message: await read(files) });
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <div className={className}>
      <label htmlFor={inputId} className="field-label">{label}</label>
      <input
        id={inputId}
        type="file"
        data-testid={testId}
        accept=".h5,.hdf5,.json,.bin"
        multiple
        disabled={disabled || state.kind === 'reading'}
        onChange={(e) => {
          void pick(e.target.files);
          e.target.value = '';
        }}
      />
      {state.kind === 'reading' && <p className="muted small">Reading…</p>}
      {state.kind === 'error' && (
        <p className="field-error" data-testid={`${testId}.error`} role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'ok' && (
        <p className="small" data-testid={`${testId}.ok`} role="status">
          {state.message}
        </p>
      )}
    </div>
  );
}
