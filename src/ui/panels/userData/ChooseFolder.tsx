/**
 * "Choose a folder" for a user-data card: a button-styled label around a hidden `webkitdirectory`
 * input, read into a folder source (`userSource.ts`) and cleared after each pick, so that picking the
 * same folder again is heard (the labelled card's own picker, and a link's request for its folder).
 */
import type { UserDataSource } from '../../../engine/data/user/prepareUserData';
import { sourceOfPickedFolder } from './userSource';

export function ChooseFolder({ label, testId, disabled, onFolder }: {
  label: string;
  testId: string;
  disabled?: boolean;
  onFolder: (folder: Extract<UserDataSource, { kind: 'folder' }>) => void;
}) {
  return (
    <label className={`btn btn-small${disabled ? ' disabled' : ''}`}>
      {label}
      <input
        type="file"
        className="visually-hidden"
        data-testid={testId}
        disabled={disabled}
        // React does not know the attribute; the browser does.
        {...{ webkitdirectory: '', directory: '' }}
        multiple
        onChange={(e) => {
          void sourceOfPickedFolder(Array.from(e.target.files ?? [])).then((folder) => folder && onFolder(folder));
          e.target.value = '';
        }}
      />
    </label>
  );
}
