import type * as tf from '@tensorflow/tfjs';
import type { EvalModelAdapter } from './models';
import { loadGraphModelFromDisk, loadLayersModelFromDisk, loadWeightMapFromDisk } from './node-model';

/** One loaded expression model, whatever its file format. */
export interface ExpressionClassifier {
  adapter: EvalModelAdapter;
  /** Faces [n, h, w, 1|3] with values 0..1 → probabilities [n, classes] in the network's output order. */
  predict(faces: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

interface Network {
  run(input: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

async function loadNetwork(tfjs: typeof tf, adapter: EvalModelAdapter, modelFile: string): Promise<Network> {
  switch (adapter.format) {
    case 'graph': {
      const model = await loadGraphModelFromDisk(tfjs, modelFile);
      return { run: (input) => model.predict(input) as tf.Tensor2D, dispose: () => model.dispose() };
    }
    case 'layers': {
      const model = await loadLayersModelFromDisk(tfjs, modelFile);
      return { run: (input) => model.predict(input) as tf.Tensor2D, dispose: () => model.dispose() };
    }
    case 'weights-manifest': {
      const weights = await loadWeightMapFromDisk(tfjs, modelFile);
      return { run: (input) => adapter.forward(tfjs, weights, input), dispose: () => tfjs.dispose(Object.values(weights)) };
    }
  }
}

export async function loadClassifier(tfjs: typeof tf, adapter: EvalModelAdapter, modelFile: string): Promise<ExpressionClassifier> {
  const network = await loadNetwork(tfjs, adapter, modelFile);
  return {
    adapter,
    predict: (faces) =>
      tfjs.tidy(() => {
        const output = network.run(adapter.preprocess(tfjs, faces));
        return adapter.outputIsSoftmax ? output : tfjs.softmax(output);
      }),
    dispose: () => network.dispose(),
  };
}
