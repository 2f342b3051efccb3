/**
 * The box a series is typed or pasted into, as `parseTypedSeries` reads it (one column: numbers
 * separated by commas or spaces; several: a line per step), for Try and Inspect alike, so both say
 * the same about what to write.
 */
interface TypedSeriesInputProps {
  id: string;
  testId: string;
  value: string;
  onChange(text: string): void;
  disabled: boolean;
  /** The columns the model reads, in order. */
  columns: readonly string[];
  lookBack: number | undefined;
}

export function TypedSeriesInput({ id, testId, value, onChange, disabled, columns, lookBack }: TypedSeriesInputProps) {
  const several = columns.length > 1;
  const placeholder = disabled
    ? 'Train for an epoch first'
    : several ? `One line per step: ${columns.join(', ')} (at least ${lookBack} lines)` : `At least ${lookBack} numbers, separated by commas or spaces`;
  return (
    <textarea
      id={id}
      data-testid={testId}
      rows={several ? 4 : 2}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
      placeholder={placeholder}
      spellCheck={false}
    />
  );
}
