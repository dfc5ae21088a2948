/**
 * A model adapter describes one expression model completely: where its files are, what input it
 * wants, how to preprocess a face image for it, and the order of its outputs. The engine, the
 * eval harness and the bench only talk to models through this interface, so a better model
 * replaces the current one by adding an adapter, nothing else.
 */
import type * as tf from '@tensorflow/tfjs';
import { EXPRESSIONS, type Expression } from '../../shared/taxonomy';

export interface ModelAdapter {
  /** Stable id stored with every sample (e.g. "human-emotion"). */
  id: string;
  version: string;
  /** Human-readable provenance, shown in models/README.md and the popup. */
  description: string;
  /** Model topology file, relative to the extension root (or the repo root in Node). */
  modelPath: string;
  format: 'graph' | 'layers';
  /** Square input side in pixels. */
  inputSize: number;
  /** Channels the network takes (1 = grayscale). */
  inputChannels: 1 | 3;
  /** The network's output order, mapped to the taxonomy by `toTaxonomyOrder`. */
  outputOrder: readonly Expression[];
  /** Whether the network's output is already a probability distribution. */
  outputIsSoftmax: boolean;
  /**
   * Turns face images into the network's input. `faces` is [n, h, w, c], RGB (c = 3) or gray
   * (c = 1), values 0..1, a tight square face crop with the margin the model was trained on.
   * Resizing happens here so every caller gets exactly the same preprocessing.
   */
  preprocess(tfjs: typeof tf, faces: tf.Tensor4D): tf.Tensor4D;
  /**
   * Margin around the detector's face box, as a fraction of the box side added on each side,
   * so the crop matches the framing of the training data (FER-2013 crops are loose).
   */
  cropMargin: number;
}

/** Reorders one model output vector into the taxonomy order (see src/shared/taxonomy.ts). */
export function toTaxonomyOrder(adapter: Pick<ModelAdapter, 'outputOrder'>, output: ArrayLike<number>): number[] {
  if (output.length !== adapter.outputOrder.length) {
    throw new Error(`model output has ${output.length} values, adapter expects ${adapter.outputOrder.length}`);
  }
  return EXPRESSIONS.map((expression) => {
    const index = adapter.outputOrder.indexOf(expression);
    return index === -1 ? 0 : (output[index] as number);
  });
}

/** Weighted RGB → gray (ITU-R BT.601 weights, as MATLAB's rgb2gray and the human library use). */
export function toGrayscale(tfjs: typeof tf, images: tf.Tensor4D): tf.Tensor4D {
  return tfjs.tidy(() => {
    if (images.shape[3] === 1) return images.clone();
    const weights = tfjs.tensor1d([0.2989, 0.587, 0.114]);
    return tfjs.sum(tfjs.mul(images, weights), 3, true) as tf.Tensor4D;
  });
}

/** Bilinear resize to size×size, weighted gray, scaled from [0, 1] to [-1, 1]: the FER-2013 models' common input. */
export function signedGrayFaces(tfjs: typeof tf, faces: tf.Tensor4D, size: number): tf.Tensor4D {
  return tfjs.tidy(() => {
    const resized = tfjs.image.resizeBilinear(faces, [size, size], false);
    return tfjs.mul(tfjs.sub(toGrayscale(tfjs, resized), 0.5), 2) as tf.Tensor4D;
  });
}
