/**
 * A value that follows `value` at most once per `ms`: the charts of a fast run (a small model can
 * finish hundreds of epochs a second) redraw twice a second, as the tutorials' charts do, instead of
 * on every epoch, which would keep the page's thread too busy to answer a click on Stop.
 */
import { useEffect, useRef, useState } from 'react';

export function useThrottledValue<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
