/**
 * A shared link to a run on a text (`?data=text&dataName=…&dataHash=…`): the card takes the link's
 * settings and asks for the file, since a link never carries the data. The file picked is hashed
 * here (SHA-256, as `sha256sum` prints it): a match is ready to train; another file gets a sentence
 * saying so, and may be trained on anyway or replaced by another pick.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { sha256Hex } from '../../../engine/data/user/contentHash';
import { dataLinkStore } from '../../../state/dataLink';
import { formatInt } from '../../format';
import { ChooseTextFile } from './ChooseTextFile';
import type { TextRunStore, TextSettings } from './textRunStore';

type Check = { kind: 'waiting' } | { kind: 'checking'; name: string } | { kind: 'match'; name: string } | { kind: 'differs'; name: string; hash: string };

export function TextLinkPrompt({ store }: { store: TextRunStore }) {
  const link = useStore(dataLinkStore, (s) => s.link);
  const data = link?.data?.task.kind === 'text' ? link.data : undefined;
  const [check, setCheck] = useState<Check>({ kind: 'waiting' });

  // The link's settings, once: the user may change them afterwards.
  useEffect(() => {
    if (!link || !data || data.task.kind !== 'text') return;
    const { hp } = link;
    const settings: TextSettings = {
      seqLength: hp.seqLength, step: data.task.step, units: hp.units, epochs: hp.epochs, batchSize: hp.batchSize,
      learningRate: hp.learningRate, minCount: data.task.minCount ?? 1,
    };
    store.setState({ settings });
    document.getElementById('your-text')?.scrollIntoView({ block: 'start' });
  }, [link, data, store]);

  if (!data) return null;

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setCheck({ kind: 'checking', name: file.name });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const hash = await sha256Hex(bytes);
    // Either way the file becomes the card's text: a different one may be trained on anyway.
    store.getState().setSource({ name: file.name, bytes, origin: 'file' });
    setCheck(hash === data.hash ? { kind: 'match', name: file.name } : { kind: 'differs', name: file.name, hash });
  };

  return (
    <div className="your-text-link-prompt" data-testid="yourText.link.prompt" data-check={check.kind}>
      <p className="small">
        This link trains on <strong>{data.name}</strong> ({formatInt(data.size)} bytes) with the settings below. The link does not carry the
        text: choose the file on this machine.
      </p>
      <ChooseTextFile label={`Choose ${data.name}`} testId="yourText.link.file" onFile={(file) => void pick(file)} />
      {check.kind === 'checking' && <p className="muted small">Checking {check.name}…</p>}
      {check.kind === 'match' && (
        <p className="small" role="status" data-testid="yourText.link.match">
          {check.name} is the file this link was made with: ready to train.
        </p>
      )}
      {check.kind === 'differs' && (
        <p className="field-error" role="alert" data-testid="yourText.link.differs">
          “{check.name}” is not the file this link was made with: its content differs (SHA-256 {check.hash.slice(0, 12)}… where the link
          expects {data.hash.slice(0, 12)}…). Train on it anyway, or choose another file.
        </p>
      )}
    </div>
  );
}
