/**
 * Runs an expression model (through its adapter) on one face crop and returns the 7 probabilities
 * in taxonomy order. The model is loaded once and warmed up, so the first class frame is not slow.
 */
import * as tf from '@tensorflow/tfjs';
import { toTaxonomyOrder, type ModelAdapter } from './models/adapter';
import { messageOf } from '../shared/error-message';
import { localizedError } from '../shared/i18n';

type LoadedModel = tf.GraphModel | tf.LayersModel;

export class ExpressionClassifier {
  private constructor(
    readonly adapter: ModelAdapter,
    private readonly model: LoadedModel,
  ) {}

  static async load(adapter: ModelAdapter, modelUrl: string): Promise<ExpressionClassifier> {
    let model: LoadedModel;
    try {
      model = adapter.format === 'graph' ? await tf.loadGraphModel(modelUrl) : await tf.loadLayersModel(modelUrl);
    } catch (error) {
      const reason = messageOf(error);
      throw localizedError('engine_expressionModelMissing', { model: adapter.id, reason });
    }
    const classifier = new ExpressionClassifier(adapter, model);
    classifier.warmUp();
    return classifier;
  }

  private warmUp(): void {
    const blank = tf.zeros([1, this.adapter.inputSize, this.adapter.inputSize, 3]) as tf.Tensor4D;
    const output = this.run(blank);
    blank.dispose();
    output.dispose();
  }

  private run(faces: tf.Tensor4D): tf.Tensor {
    return tf.tidy(() => {
      const input = this.adapter.preprocess(tf, faces);
      const raw = this.model.predict(input) as tf.Tensor;
      return this.adapter.outputIsSoftmax ? raw : tf.softmax(raw);
    });
  }

  /** Frees the model's weights (the engine drops its classifier when it switches to attention-only mode). */
  dispose(): void {
    this.model.dispose();
  }

  /** `rgb` is a [side, side, 3] face crop with values 0..1. */
  async classify(rgb: Float32Array, side: number): Promise<number[]> {
    const faces = tf.tensor4d(rgb, [1, side, side, 3]);
    const output = this.run(faces);
    faces.dispose();
    try {
      const values = await output.data();
      return toTaxonomyOrder(this.adapter, values);
    } finally {
      output.dispose();
    }
  }
}
