/**
 * Copies the address bar (which urlSync keeps equal to the config) so a run can be shared; or, with
 * `url`, another link (a run on a user's data, which the address bar does not carry).
 */
import { useEffect, useRef, useState } from 'react';
import { currentShareUrl } from '../../state/urlSync';

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; url: string };

export function CopyLinkButton({ url: linkOf = currentShareUrl, testId = 'url.copy', disabled = false }: { url?: () => string; testId?: string; disabled?: boolean } = {}) {
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  const fieldRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state.kind === 'copied') {
      const t = setTimeout(() => setState({ kind: 'idle' }), 2000);
      return () => clearTimeout(t);
    }
    if (state.kind === 'manual') fieldRef.current?.select();
  }, [state]);

  async function copy() {
    const url = linkOf();
    try {
      // The Clipboard API is missing outside secure contexts and may be refused by permissions.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setState({ kind: 'copied' });
    } catch {
      setState({ kind: 'manual', url });
    }
  }

  return (
    <div className="copy-link">
      <button type="button" className="btn btn-ghost" data-testid={testId} disabled={disabled} onClick={copy}>
        {state.kind === 'copied' ? 'Copied ✓' : 'Copy link'}
      </button>
      <span className="visually-hidden" role="status">
        {state.kind === 'copied' ? 'Copied' : ''}
      </span>
      {state.kind === 'manual' && (
        <div className="copy-fallback">
          <input
            ref={fieldRef}
            readOnly
            value={state.url}
            aria-label="Link to this configuration"
            data-testid={`${testId}.field`}
            onFocus={(e) => e.currentTarget.select()}
          />
          <span className="muted small">Press Ctrl+C (⌘C) to copy.</span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setState({ kind: 'idle' })} aria-label="Close">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
