/**
 * The hovered cell's numbers in a small box beside the pointer, inside the window (see
 * `readoutPosition.ts`): the readout follows the pointer down to the lowest heatmap instead of
 * staying above the first one, off the screen.
 */
import { useLayoutEffect, useRef } from 'react';
import { readoutPosition } from './readoutPosition';

export function HoverReadout({ x, y, children }: { x: number; y: number; children: React.ReactNode }) {
  const box = useRef<HTMLParagraphElement>(null);
  // Placed once its size is known, before the browser paints it.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const { left, top } = readoutPosition({ x, y }, { width: el.offsetWidth, height: el.offsetHeight }, {
      width: document.documentElement.clientWidth,
      height: document.documentElement.clientHeight,
    });
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
  }, [x, y, children]);
  return (
    <p ref={box} className="inspect-hover small" data-testid="inspect.hover" role="status">
      {children}
    </p>
  );
}
