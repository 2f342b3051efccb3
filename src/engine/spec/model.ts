/**
 * A whole `ModelSpec` walked through the layer rows (`layers.ts`): shapes layer by layer, or the
 * first layer that cannot take its input; parameters, multiply-adds, whether it is stateful, the
 * Keras summary, and the memory a training run needs. Pure: no tfjs, nothing is built.
 */
import type { HyperParams } from '../../config/hyperparams';
import type { ModelSummary, SummaryRow } from '../types';
import { rowOf, type Shape, type ShapeProblem } from './layers';
import type { LayerSpec, ModelSpec } from './types';

/** One layer with the per-sample shapes around it. */
export interface LayerShapes {
  spec: LayerSpec;
  inShape: Shape;
  outShape: Shape;
}

export type ModelShapes =
  | { ok: true; layers: LayerShapes[]; output: Shape }
  /** `layer`: the index of the layer that cannot take its input, or -1 for the model as a whole. */
  | { ok: false; layer: number; problem: ShapeProblem };

/**
 * Follows the per-sample shape from the input through every layer. A model may end in a sequence
 * here, as in Keras; that training needs one vector per sample is `checkModel`'s rule.
 */
export function modelShapes(spec: ModelSpec): ModelShapes {
  if (spec.inputShape.length === 0 || !spec.inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    return { ok: false, layer: -1, problem: { cause: 'structure', message: `The model's input shape [${spec.inputShape.join(', ')}] needs whole sizes of at least 1.` } };
  }
  if (spec.layers.length === 0) return { ok: false, layer: -1, problem: { cause: 'structure', message: 'The model has no layers.' } };
  const layers: LayerShapes[] = [];
  let inShape: Shape = spec.inputShape;
  const masked = maskedInputs(spec);
  for (const [i, layer] of spec.layers.entries()) {
    const row = rowOf(layer);
    if (masked[i] && row.mask(layer) === 'refuse') {
      const message = `${row.className} cannot follow Embedding(mask_zero=True): Keras' ${row.className} does not support masking. Put the recurrent layer first, or turn masking off.`;
      return { ok: false, layer: i, problem: { cause: 'structure', message } };
    }
    const out = row.outputShape(layer, inShape);
    if (!out.ok) return { ok: false, layer: i, problem: out.problem };
    layers.push({ spec: layer, inShape, outShape: out.shape });
    inShape = out.shape;
  }
  return { ok: true, layers, output: inShape };
}

/**
 * Per layer, whether its input carries Keras' step mask: from an `Embedding(mask_zero=True)` on,
 * through the layers that pass it, to the first recurrent layer that returns one vector
 * (`MaskEffect` in `layers.ts`). The trainers hand the mask to exactly these layers.
 */
export function maskedInputs(spec: ModelSpec): boolean[] {
  let masked = false;
  return spec.layers.map((layer) => {
    const input = masked;
    const effect = rowOf(layer).mask(layer);
    if (effect === 'start') masked = true;
    else if (effect === 'read') masked = masked && returnsSequences(layer);
    else if (effect === 'refuse') masked = false;
    return input;
  });
}

/** Whether a recurrent layer (or a Bidirectional around one) outputs every step. */
function returnsSequences(layer: LayerSpec): boolean {
  if (layer.kind === 'bidirectional') return layer.layer.returnSequences;
  return 'returnSequences' in layer && layer.returnSequences;
}

/** Whether any layer reads Keras' step mask: the model was built with `Embedding(mask_zero=True)`. */
export function usesStepMask(spec: ModelSpec): boolean {
  return maskedInputs(spec).some((m, i) => m && rowOf(spec.layers[i]).mask(spec.layers[i]) === 'read');
}

/** The layers with their shapes; throws for a model whose shapes do not fit (`checkModel` reports those first). */
function shapesOf(spec: ModelSpec): LayerShapes[] {
  const shapes = modelShapes(spec);
  if (!shapes.ok) throw new Error(shapes.problem.message);
  return shapes.layers;
}

const size = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);

/** Whether any layer carries state across batches: then the batch size is part of the model. */
export function isStateful(spec: ModelSpec): boolean {
  return spec.layers.some((l) => rowOf(l).stateful(l));
}

/** Forward multiply-adds of one sample: the LSTMs' gate products, Conv1D's windows, the Dense layers. */
export function forwardMacsPerSample(spec: ModelSpec): number {
  return shapesOf(spec).reduce((sum, l) => sum + rowOf(l.spec).forwardMacs(l.spec, l.inShape), 0);
}

/** Each layer's weight shapes, Keras order. */
export function weightShapes(spec: ModelSpec): number[][][] {
  return shapesOf(spec).map((l) => rowOf(l.spec).weightShapes(l.spec, l.inShape));
}

const countWeights = (shapes: number[][]): number => shapes.reduce((sum, s) => sum + size(s), 0);

/** Every weight of the model (all are trainable). */
export function parameterCount(spec: ModelSpec): number {
  return weightShapes(spec).reduce((sum, layer) => sum + countWeights(layer), 0);
}

/** Keras' layer names: each kind's stem, numbered from its second instance (`lstm`, `lstm_1`, …). */
export function kerasLayerNames(spec: ModelSpec): string[] {
  const seen = new Map<string, number>();
  return spec.layers.map((l) => {
    const stem = rowOf(l).stem;
    const n = seen.get(stem) ?? 0;
    seen.set(stem, n + 1);
    return n === 0 ? stem : `${stem}_${n}`;
  });
}

/**
 * Keras' `model.summary()` from the spec alone, equal to `summarizeModel` of the built tfjs model
 * (`../tfjs/summary.ts`; `model.test.ts` checks every tutorial): the batch axis is `null` except
 * in a stateful model, whose batch size is fixed.
 */
export function summarizeSpec(spec: ModelSpec, batchSize: number): ModelSummary {
  const batch = isStateful(spec) ? batchSize : null;
  const names = kerasLayerNames(spec);
  const rows: SummaryRow[] = shapesOf(spec).map((l, i) => {
    const row = rowOf(l.spec);
    return { name: names[i], type: row.className, outputShape: [batch, ...l.outShape], params: countWeights(row.weightShapes(l.spec, l.inShape)) };
  });
  const total = rows.reduce((sum, r) => sum + r.params, 0);
  return { rows, totalParams: total, trainableParams: total };
}

/**
 * Copies of every weight the typed trainer keeps: the weight, its gradient, Adam's two moments,
 * and the network's buffer for another thread's gradients (`TypedNetwork.gradIn`).
 */
const FLOATS_PER_WEIGHT = 5;
const BYTES_PER_FLOAT = 4;

/**
 * Bytes a training run needs, estimated as the typed trainer allocates them (`../typed/network.ts`):
 * every weight ×5 (`FLOATS_PER_WEIGHT`), the layers' transposed weight copies, and per sample of
 * the batch the input, every layer's activations and gradients (`LayerKindRow.activationFloats`)
 * and the output's gradient. Within a few percent of the typed trainer's arena (`model.test.ts`);
 * an upper bound on it. Not counted: the tfjs model's own copy of the weights, the data set, helper
 * threads' networks, and tfjs' memory when tfjs trains (which keeps the same activations as tensors,
 * and more).
 */
export function trainingMemoryBytes(spec: ModelSpec, hp: Pick<HyperParams, 'batchSize'>): number {
  const layers = shapesOf(spec);
  let fixed = 0;
  let perSample = size(spec.inputShape) + size(layers[layers.length - 1].outShape);
  for (const l of layers) {
    const row = rowOf(l.spec);
    fixed += FLOATS_PER_WEIGHT * countWeights(row.weightShapes(l.spec, l.inShape)) + row.workspaceFloats(l.spec, l.inShape);
    perSample += row.activationFloats(l.spec, l.inShape);
  }
  return BYTES_PER_FLOAT * (fixed + hp.batchSize * perSample);
}

/**
 * The most a run may need (`trainingMemoryBytes`): 2 GB. The typed trainer's arena is one
 * WebAssembly memory, at most 4 GiB, and the peak is about twice the arena: `TypedNetwork` first
 * builds itself on a `SizingArena`, whose throwaway arrays are as large as the arena, and the tab
 * also holds the tfjs model, the data set and tfjs' own heap. Half of WebAssembly's limit keeps that
 * peak within it, and within what a laptop with 8 GB gives one tab. (The IMDB tutorials at their
 * defaults need 0.05–0.2 GB.)
 */
export const MEMORY_LIMIT_BYTES = 2e9;
