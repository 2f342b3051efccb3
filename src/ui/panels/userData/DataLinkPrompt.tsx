/**
 * A shared link to a run on a user's data (`?data=series&dataName=…&dataHash=…`): the card takes the
 * link's settings and asks for the file (or, for labelled texts read from a folder, the folder),
 * since a link never carries the data. What is picked is hashed here as the run hashed it (a file:
 * SHA-256, as `sha256sum` prints it; a folder: its paths and files, `contentHash.ts`): a match is
 * ready to train; anything else gets a sentence saying so, and may be trained on anyway or replaced
 * by another pick. One component for every kind: the card says how the link's settings become its
 * own and what a picked file or folder becomes.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { DataRef, RunConfig } from '../../../config/runConfig';
import type { UserRunKind } from '../../../engine/configModel';
import { sourceHash, type UserDataSource } from '../../../engine/data/user/prepareUserData';
import { dataLinkStore } from '../../../state/dataLink';
import { USER_RUN_KINDS } from '../../../state/userRunKinds';
import { formatInt } from '../../format';
import { ChooseFile } from './ChooseFile';
import { ChooseFolder } from './ChooseFolder';

type Check = { kind: 'waiting' } | { kind: 'checking'; name: string } | { kind: 'match'; name: string } | { kind: 'differs'; name: string; hash: string };

export interface DataLinkPromptProps {
  kind: UserRunKind;
  testIdPrefix: string;
  /** What the card calls its data: "text", "series". */
  dataWord: string;
  /** The file input's `accept`. */
  accept: string;
  /** The link's settings become the card's (once: the user may change them afterwards). */
  takeSettings(link: RunConfig, data: DataRef): void;
  /** The file picked becomes the card's data, whether or not it is the link's. */
  takeFile(file: { name: string; bytes: Uint8Array }): void;
  /** The folder picked, for a link to a run on a folder's files (a card that reads folders). */
  takeFolder?(folder: Extract<UserDataSource, { kind: 'folder' }>): void;
}

export function DataLinkPrompt({ kind, testIdPrefix, dataWord, accept, takeSettings, takeFile, takeFolder }: DataLinkPromptProps) {
  const link = useStore(dataLinkStore, (s) => s.link);
  const data = link?.data?.task.kind === kind ? link.data : undefined;
  const [check, setCheck] = useState<Check>({ kind: 'waiting' });

  useEffect(() => {
    if (!link || !data) return;
    takeSettings(link, data);
    document.getElementById(USER_RUN_KINDS[kind].cardId)?.scrollIntoView({ block: 'start' });
    // Once per link: `takeSettings` is the card's and may change identity on every render.
  }, [link, data, kind]);

  if (!data) return null;
  const folder = data.task.kind === 'classify' && data.task.folder === true && takeFolder !== undefined;
  const what = folder ? 'folder' : 'file';

  const checkSource = async (source: UserDataSource, take: () => void) => {
    const name = source.kind === 'file' ? source.file.name : source.name;
    setCheck({ kind: 'checking', name });
    const hash = await sourceHash(source);
    take();
    setCheck(hash === data.hash ? { kind: 'match', name } : { kind: 'differs', name, hash });
  };
  const pickFile = async (picked: File | undefined) => {
    if (!picked) return;
    const file = { name: picked.name, bytes: new Uint8Array(await picked.arrayBuffer()) };
    await checkSource({ kind: 'file', file }, () => takeFile(file));
  };

  return (
    <div className="user-data-link-prompt" data-testid={`${testIdPrefix}.link.prompt`} data-check={check.kind}>
      <p className="small">
        This link trains on <strong>{data.name}</strong> ({folder ? 'a folder of ' : ''}{formatInt(data.size)} bytes) with the settings below. The link
        does not carry the {dataWord}: choose the {what} on this machine.
      </p>
      {folder ? (
        <ChooseFolder label={`Choose the folder ${data.name}`} testId={`${testIdPrefix}.link.folder`} onFolder={(source) => void checkSource(source, () => takeFolder(source))} />
      ) : (
        <ChooseFile label={`Choose ${data.name}`} testId={`${testIdPrefix}.link.file`} accept={accept} onFile={(file) => void pickFile(file)} />
      )}
      {check.kind === 'checking' && <p className="muted small">Checking {check.name}…</p>}
      {check.kind === 'match' && (
        <p className="small" role="status" data-testid={`${testIdPrefix}.link.match`}>
          {check.name} is the {what} this link was made with: ready to train.
        </p>
      )}
      {check.kind === 'differs' && (
        <p className="field-error" role="alert" data-testid={`${testIdPrefix}.link.differs`}>
          “{check.name}” is not the {what} this link was made with: its content differs (SHA-256 {check.hash.slice(0, 12)}… where the link
          expects {data.hash.slice(0, 12)}…). Train on it anyway, or choose another {what}.
        </p>
      )}
    </div>
  );
}
