/**
 * "Choose a file" for a text: a button-styled label around a hidden file input, cleared after each
 * pick so that picking the same file again is heard (the card's own picker, and a link's request for its file).
 */
export function ChooseTextFile({ label, testId, onFile }: { label: string; testId: string; onFile: (file: File | undefined) => void }) {
  return (
    <label className="btn btn-small">
      {label}
      <input
        type="file"
        accept=".txt,text/plain"
        className="visually-hidden"
        data-testid={testId}
        onChange={(e) => {
          onFile(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
    </label>
  );
}
