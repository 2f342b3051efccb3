/**
 * "Choose a file" for a user-data card: a button-styled label around a hidden file input, cleared
 * after each pick so that picking the same file again is heard (a card's own picker, and a link's
 * request for its file).
 */
export function ChooseFile({ label, testId, accept, disabled, onFile }: {
  label: string;
  testId: string;
  /** The input's `accept`: the kinds of file the card reads. */
  accept: string;
  disabled?: boolean;
  onFile: (file: File | undefined) => void;
}) {
  return (
    <label className={`btn btn-small${disabled ? ' disabled' : ''}`}>
      {label}
      <input
        type="file"
        accept={accept}
        className="visually-hidden"
        data-testid={testId}
        disabled={disabled}
        onChange={(e) => {
          onFile(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
    </label>
  );
}
