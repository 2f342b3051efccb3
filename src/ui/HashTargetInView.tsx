/**
 * Keeps the element that `location.hash` names in view when a lazy panel arrives above it.
 *
 * The sidebar's "Your data" links are plain anchors: the browser scrolls to the card at once. The
 * your-data panels load lazily, so when one of them arrives above the card it pushes the card out
 * of view, and the user lands in the wrong place. Rendered inside each lazy panel's `Suspense`,
 * this mounts in the same commit as its panel and scrolls the hash's target back into view.
 */
import { useLayoutEffect } from 'react';

export function HashTargetInView(): null {
  useLayoutEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (id) document.getElementById(id)?.scrollIntoView({ block: 'start' });
  }, []);
  return null;
}
