/**
 * The run as a complete Keras script (`scenarios/kerasScript.ts`) for the settings in the form:
 * how someone who outgrows the tab continues the same experiment on their own hardware. Copy puts
 * it on the clipboard; where the clipboard is refused, the script is selected for copying by hand.
 * `KerasCodeBlock` is the disclosure itself, shared with the user-data cards' scripts.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { kerasScript } from '../../scenarios/kerasScript';
import { useLab } from '../hooks/useLab';

export function KerasCodeView() {
  const config = useLab((s) => s.config);
  const code = useMemo(() => kerasScript(config), [config]);
  return (
    <KerasCodeBlock code={code} testId="form.keras-code">
      The whole run as a Keras script: the same data preparation, model, settings and seed. Export the trained model as Keras
      .h5 to continue from the tab’s weights.
    </KerasCodeBlock>
  );
}

/** A "Keras code" disclosure: what the script is (`children`), Copy, and the script. */
export function KerasCodeBlock({ code, testId, children }: { code: string; testId: string; children: ReactNode }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'select'>('idle');
  const codeRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (copied !== 'copied') return;
    const t = setTimeout(() => setCopied('idle'), 2000);
    return () => clearTimeout(t);
  }, [copied]);

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code);
      setCopied('copied');
    } catch {
      // Selected, so Ctrl+C copies it.
      const range = document.createRange();
      if (codeRef.current) range.selectNodeContents(codeRef.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied('select');
    }
  }

  return (
    <details className="keras-code" data-testid={testId}>
      <summary>Keras code</summary>
      <p className="muted small">{children}</p>
      <button type="button" className="btn btn-ghost btn-small" data-testid={`${testId}.copy`} onClick={() => void copy()}>
        {copied === 'copied' ? 'Copied ✓' : copied === 'select' ? 'Selected: press Ctrl+C' : 'Copy'}
      </button>
      {/* Focusable, so a keyboard can scroll a script wider than the card (a phone's, a long column list). */}
      <pre tabIndex={0} aria-label="Keras script">
        <code ref={codeRef} data-testid={`${testId}.text`}>{code}</code>
      </pre>
    </details>
  );
}
