import type { TraceQuantity } from '../../../engine/inspect/inspectSample';
import { SIGN } from './colorScale';

/**
 * The quantities the Inspect view draws per recurrent layer (an LSTM's five, a GRU's four, a
 * SimpleRNN's h; which a layer has is `TRACED[kind]`), as data: which colour scale each takes and
 * the sentence saying what to look for. Gates live in [0, 1] (sequential scale); states and
 * candidates are signed (diverging scale, white at 0).
 */
export type Quantity = TraceQuantity;
export type ScaleKind = 'sequential' | 'diverging';

export interface QuantityRow {
  title: string;
  scale: ScaleKind;
  /** What it shows and what to look for. */
  explain: string;
}

export const QUANTITIES: { readonly [Q in Quantity]: QuantityRow } = {
  i: {
    title: 'Input gate i',
    scale: 'sequential',
    explain: 'How much of the new candidate each step writes into the cell: near 1 the step writes, near 0 it leaves the memory alone.',
  },
  f: {
    title: 'Forget gate f',
    scale: 'sequential',
    explain: 'How much of the cell’s memory each step keeps: a forget gate near 0 erases the memory, near 1 carries it on.',
  },
  o: {
    title: 'Output gate o',
    scale: 'sequential',
    explain: 'How much of the cell each step shows as the hidden state: a unit can remember (c) without telling (o near 0).',
  },
  c: {
    title: 'Cell state c',
    scale: 'diverging',
    explain: `The memory carried from step to step (${SIGN.positive} positive, ${SIGN.negative} negative). Look for units that switch at one input and hold their value.`,
  },
  z: {
    title: 'Update gate z',
    scale: 'sequential',
    explain: 'How much of its previous state each step keeps (h = z·h_prev + (1 − z)·n): near 1 the unit holds what it remembers, near 0 it takes the new candidate.',
  },
  r: {
    title: 'Reset gate r',
    scale: 'sequential',
    explain: 'How much of the previous state the candidate may read: near 0 the candidate starts afresh from the input.',
  },
  n: {
    title: 'Candidate n',
    scale: 'diverging',
    explain: `The new value each step proposes, from the input and the reset-gated state (${SIGN.positive} positive, ${SIGN.negative} negative).`,
  },
  h: {
    title: 'Hidden state h',
    scale: 'diverging',
    explain: `What the layer passes on, to the next layer or the output (${SIGN.positive} positive, ${SIGN.negative} negative). The last column is what a layer without return_sequences hands to Dense.`,
  },
};


export const EXPLAINER = { title: 'Understanding LSTM Networks (Christopher Olah)', url: 'https://colah.github.io/posts/2015-08-Understanding-LSTMs/' };
