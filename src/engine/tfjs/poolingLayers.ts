/**
 * Keras 2's `GlobalAveragePooling1D()` (channels_last, keepdims=False) as a tfjs layer:
 * [batch, steps, features] → [batch, features], the mean over the steps. Why not tfjs-layers' own
 * `globalAveragePooling1d`: it takes the mean over every step and ignores the step mask of
 * `Embedding(mask_zero=True)`, where Keras' layer (`supports_masking`) averages a row's real steps
 * only. Behind a masked Bidirectional(LSTM) returning sequences, tfjs-layers' own would average in
 * the padding (zeros from our Bidirectional, repeated outputs from tfjs-layers' own), so a padded
 * review would answer otherwise than the same review unpadded.
 *
 * The maths is the float64 reference's (`../reference/pooling.ts`), which the tests hold this
 * layer to, forward and gradients.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerExtra } from './buildModel';
import { first, stepMaskOf } from './recurrentLayers';

type ShapeArgs = Pick<LayerExtra, 'name' | 'inputShape' | 'batchInputShape'>;

/**
 * Keras' masked `GlobalAveragePooling1D`: with a step mask (0 padding, 1 real) in `kwargs.mask`,
 * Σ over real steps / the number of real steps; without one, the mean over every step. It ends the
 * mask (its output is one vector per row). Named `GlobalAveragePooling1D`, Keras' and tfjs-layers'
 * class name, so summaries and saved topologies read as Keras'; not registered for serialisation:
 * our loader reads the saved config (`../export/kerasConfig.ts`), and `tf.loadLayersModel` elsewhere
 * builds tfjs-layers' own class from it, which agrees on rows without padding only.
 */
export class MaskedGlobalAveragePooling1D extends tf.layers.Layer {
  static className = 'GlobalAveragePooling1D';

  constructor(args: ShapeArgs = {}) {
    super({ name: args.name, inputShape: args.inputShape, batchInputShape: args.batchInputShape });
    // Keras' `supports_masking`: it reads the step mask (and, through `computeMask`, ends it).
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], shape[2]];
  }

  /**
   * No mask after it: one vector per row. tfjs' declared type has no null, but its executor takes
   * null for "no mask", as its own layers return.
   */
  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { [key: string]: unknown }): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs) as tf.Tensor3D;
      const stepMask = stepMaskOf(kwargs);
      if (!stepMask) return tf.mean(x, 1);
      // Masked steps are left out, not multiplied by 0 (as the reference skips them): whatever the
      // layer before left there never reaches the mean, nor gets a gradient.
      const real = tf.broadcastTo(tf.expandDims(tf.cast(stepMask, 'bool'), -1), x.shape);
      const sum = tf.sum(tf.where(real, x, tf.zerosLike(x)), 1);
      const count = tf.sum(stepMask, 1, true);
      // A row with no real step: Keras divides 0 by 0 and outputs NaN, which would poison a whole
      // batch's loss. Here, as in the reference, it outputs zeros (0 / 1) and passes no gradient.
      return tf.div(sum, tf.maximum(count, 1));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    // Keras 2's keys (tfjs writes them snake_case: data_format, keepdims); our reader refuses other values.
    return { ...super.getConfig(), dataFormat: 'channels_last', keepdims: false };
  }
}
