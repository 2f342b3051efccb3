// @vitest-environment happy-dom
import { act, createElement, useEffect, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorLine, PanelBoundary } from './PanelBoundary';

// React checks this flag before it lets `act` flush updates outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Throws while `control.fail` is set, as a panel reading a damaged record did. */
const control = { fail: true, mounts: 0 };
function Fragile() {
  useEffect(() => {
    control.mounts++;
  }, []);
  if (control.fail) throw new TypeError("Cannot read properties of undefined (reading 'title')\n    at RunItem");
  return createElement('p', { 'data-testid': 'fragile' }, 'fine');
}

/** A neighbour with state of its own, which must survive its sibling's failure. */
function Counter() {
  const [n, setN] = useState(0);
  return createElement('button', { 'data-testid': 'counter', onClick: () => setN(n + 1) }, `clicked ${n}`);
}

let container: HTMLElement;
let root: Root;
beforeEach(() => {
  control.fail = true;
  control.mounts = 0;
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.restoreAllMocks();
});

const q = (id: string) => container.querySelector(`[data-testid="${id}"]`);

describe('PanelBoundary: one panel’s failure never blanks the page', () => {
  it('shows which panel failed and the error in one line, keeps its neighbours working, and Try again mounts it afresh', () => {
    act(() => {
      root.render(
        createElement('main', null,
          createElement(PanelBoundary, { name: 'Runs' }, createElement(Fragile)),
          createElement(PanelBoundary, { name: 'Settings' }, createElement(Counter))),
      );
    });
    const failed = q('panel.failed')!;
    expect(failed.getAttribute('data-panel')).toBe('Runs');
    expect(failed.querySelector('h2')?.textContent).toBe('Runs');
    expect(q('panel.failed.error')?.textContent).toBe("TypeError: Cannot read properties of undefined (reading 'title')");
    expect(console.error).toHaveBeenCalled();

    // The neighbour is still there and still answers.
    act(() => (q('counter') as HTMLButtonElement).click());
    expect(q('counter')?.textContent).toBe('clicked 1');

    // Still failing: Try again shows the box again, nothing else breaks.
    act(() => (q('panel.retry') as HTMLButtonElement).click());
    expect(q('panel.failed')).not.toBeNull();

    // Fixed (the bad record deleted, say): Try again mounts the panel anew.
    control.fail = false;
    act(() => (q('panel.retry') as HTMLButtonElement).click());
    expect(q('panel.failed')).toBeNull();
    expect(q('fragile')?.textContent).toBe('fine');
    expect(control.mounts).toBe(1);
    expect(q('counter')?.textContent).toBe('clicked 1');
  });

  it.each([
    [new TypeError('raw is not iterable'), 'TypeError: raw is not iterable'],
    [new Error('plain\nsecond line'), 'plain'],
    ['a string', 'a string'],
    [undefined, 'undefined'],
    [new Error(''), 'no message'],
    [new Error('x'.repeat(500)), `${'x'.repeat(199)}…`],
  ])('errorLine(%o)', (error, expected) => {
    expect(errorLine(error)).toBe(expected);
  });
});
