/** The sentence saying what the trend model's layers show, from the inputs the model takes (two or three features). */

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five'];

/** "the layers below show the last step's two inputs: x_t = 0.9 and x_t−1 = 0.8." */
export function trendInputsSentence(inputs: readonly string[]): string {
  const n = inputs.length;
  const count = COUNT_WORDS[n] ?? String(n);
  const list = n <= 1 ? inputs.join('') : `${inputs.slice(0, -1).join(', ')} and ${inputs[n - 1]}`;
  return `the layers below show the last step’s ${count} input${n === 1 ? '' : 's'}${n > 0 ? `: ${list}` : ''}.`;
}
