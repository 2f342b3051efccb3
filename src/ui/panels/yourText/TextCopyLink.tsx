/**
 * "Copy link" for the card's run: the hyperparameters and the text's name, size and hash (never the
 * text), so whoever opens it is asked for the same file (`TextLinkPrompt`).
 */
import { useStore } from 'zustand';
import { shareUrlOf } from '../../../state/urlSync';
import { CopyLinkButton } from '../CopyLinkButton';
import { textRunConfig } from './keptTextRuns';

export function TextCopyLink() {
  const config = useStore(textRunConfig, (s) => s.config);
  return <CopyLinkButton testId="yourText.copyLink" disabled={!config} url={() => (config ? shareUrlOf(config) : window.location.href)} />;
}
