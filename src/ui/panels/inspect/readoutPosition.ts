/**
 * Where the hover readout goes: beside the pointer (below and to the right, where it hides no cell
 * under the pointer), flipped to the other side where it would leave the window, and never outside
 * it. In viewport pixels, for a `position: fixed` box, so it follows the pointer over any heatmap,
 * however far down the page. Pure, so it is tested without a page.
 */
export interface Point { x: number; y: number }
export interface Size { width: number; height: number }

/** Between the pointer and the readout. */
const GAP = 14;
/** Kept free at the window's edges. */
const MARGIN = 4;

function along(at: number, size: number, room: number): number {
  let start = at + GAP;
  if (start + size > room - MARGIN) start = at - GAP - size;
  return Math.max(MARGIN, Math.min(start, room - MARGIN - size));
}

export function readoutPosition(pointer: Point, readout: Size, viewport: Size): { left: number; top: number } {
  return { left: along(pointer.x, readout.width, viewport.width), top: along(pointer.y, readout.height, viewport.height) };
}
