import { useEffect } from 'react';
import { isRunActive } from '../../state/selectors';
import { useLab } from './useLab';

/** While a run is in progress, closing or reloading the tab asks first (the browser words the question). */
export function useLeaveGuard(): void {
  useAskBeforeLeaving(useLab(isRunActive));
}

/** While `active`, closing or reloading the tab asks first: any run the page would lose (the tutorials', the text card's). */
export function useAskBeforeLeaving(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [active]);
}
