/**
 * Which input positions each recurrent layer's timestep read: the input's own labels carried through the
 * layers, merged where a layer shortens the sequence (MaxPooling1D's windows, a 'valid' Conv1D's
 * kernel). A 'same' Conv1D keeps step t aligned with position t, so it keeps the labels.
 */
import { isRecurrent } from '../spec/recurrentLayer';
import type { BidirectionalInner, LayerKind, LayerSpec, ModelSpec, RecurrentLayerSpec } from '../spec/types';
import type { StepLabel } from './types';

/**
 * The recurrent layer a layer is, or wraps (a Bidirectional): what Inspect traces. Undefined for
 * every other kind.
 */
export function tracedRecurrent(layer: LayerSpec): RecurrentLayerSpec | BidirectionalInner | undefined {
  return layer.kind === 'bidirectional' ? layer.layer : isRecurrent(layer) ? layer : undefined;
}

/** Input positions [first, last] behind each timestep of a sequence. */
type Spans = [number, number][];

type SpanRule<S extends LayerSpec> = (spec: S, spans: Spans) => Spans;

const same: SpanRule<LayerSpec> = (_s, spans) => spans;

const SPAN_RULES: { readonly [K in LayerKind]: SpanRule<Extract<LayerSpec, { kind: K }>> } = {
  embedding: same,
  dropout: same,
  dense: same,
  lstm: same,
  gru: same,
  simpleRnn: same,
  bidirectional: same,
  conv1d: (s, spans) => (s.padding === 'same' ? spans : spans.slice(0, spans.length - s.kernelSize + 1).map(([a], t) => [a, spans[t + s.kernelSize - 1][1]])),
  maxPooling1d: (s, spans) =>
    Array.from({ length: Math.floor(spans.length / s.poolSize) }, (_, t): [number, number] => [spans[t * s.poolSize][0], spans[(t + 1) * s.poolSize - 1][1]]),
  // One vector from every step: no recurrent layer reads a sequence after it.
  globalAveragePooling1d: (_s, spans) => (spans.length ? [[spans[0][0], spans[spans.length - 1][1]]] : []),
};

/**
 * For each recurrent layer and Bidirectional (by index), the labels of its timesteps in the input's
 * order, from one label per input position.
 */
export function lstmStepLabels(spec: ModelSpec, input: readonly StepLabel[]): Map<number, StepLabel[]> {
  const labels = new Map<number, StepLabel[]>();
  let spans: Spans = input.map((_, p) => [p, p]);
  spec.layers.forEach((layer, i) => {
    if (tracedRecurrent(layer)) {
      labels.set(i, spans.map(([a, b]) => {
        const covered = input.slice(a, b + 1);
        const shown = covered.filter((l) => !l.padding);
        return { label: shown.map((l) => l.label).join(' '), padding: shown.length === 0 };
      }));
    }
    spans = (SPAN_RULES[layer.kind] as SpanRule<LayerSpec>)(layer, spans);
  });
  return labels;
}
