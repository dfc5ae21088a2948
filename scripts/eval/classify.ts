import type * as tf from '@tensorflow/tfjs';
import { toTaxonomyOrder } from '../../src/offscreen/models/adapter';
import { argmax } from '../../src/shared/taxonomy';
import type { ExpressionClassifier } from './classifier';
import { toFaceBatch } from './face-batch';
import type { RawImage } from './labeled-image';

export type TestTimeAugmentation = 'none' | 'flip';

export interface ClassifyOptions {
  batchSize: number;
  tta: TestTimeAugmentation;
  onProgress?: (done: number) => void;
}

export interface Classification {
  /** Predicted class of each image, as a taxonomy index. */
  predictions: number[];
  /** Wall time of batching, preprocessing and inference (JPEG/CSV decoding excluded). */
  seconds: number;
}

/** With `flip`, the probabilities of the image and its mirror image are averaged (not the logits). */
function predictWithTta(tfjs: typeof tf, classifier: ExpressionClassifier, faces: tf.Tensor4D, tta: TestTimeAugmentation): tf.Tensor2D {
  return tfjs.tidy(() => {
    const probabilities = classifier.predict(faces);
    if (tta === 'none') return probabilities;
    const mirrored = classifier.predict(tfjs.image.flipLeftRight(faces));
    return tfjs.div(tfjs.add(probabilities, mirrored), 2) as tf.Tensor2D;
  });
}

async function classifyBatch(tfjs: typeof tf, classifier: ExpressionClassifier, images: readonly RawImage[], tta: TestTimeAugmentation): Promise<number[]> {
  const faces = toFaceBatch(tfjs, images, classifier.adapter.inputSize);
  const probabilities = predictWithTta(tfjs, classifier, faces, tta);
  const [count, classes] = probabilities.shape;
  const values = await probabilities.data();
  tfjs.dispose([faces, probabilities]);
  return Array.from({ length: count }, (_, i) =>
    argmax(toTaxonomyOrder(classifier.adapter, values.subarray(i * classes, (i + 1) * classes))),
  );
}

export async function classifyImages(
  tfjs: typeof tf,
  classifier: ExpressionClassifier,
  images: readonly RawImage[],
  options: ClassifyOptions,
): Promise<Classification> {
  // Warm-up: the first call compiles kernels and allocates, which would skew images/s for short runs.
  if (images.length > 0) await classifyBatch(tfjs, classifier, images.slice(0, 1), options.tta);
  const started = performance.now();
  const predictions: number[] = [];
  for (let start = 0; start < images.length; start += options.batchSize) {
    predictions.push(...(await classifyBatch(tfjs, classifier, images.slice(start, start + options.batchSize), options.tta)));
    options.onProgress?.(predictions.length);
  }
  return { predictions, seconds: (performance.now() - started) / 1000 };
}

export interface ProbabilityOptions {
  batchSize: number;
  /** Classify the mirror image of each face instead of the face. */
  mirror: boolean;
  onProgress?: (done: number) => void;
}

/** Each image's 7 probabilities in taxonomy order (no test-time augmentation: callers combine). */
export async function predictProbabilities(
  tfjs: typeof tf,
  classifier: ExpressionClassifier,
  images: readonly RawImage[],
  options: ProbabilityOptions,
): Promise<number[][]> {
  const rows: number[][] = [];
  for (let start = 0; start < images.length; start += options.batchSize) {
    const faces = toFaceBatch(tfjs, images.slice(start, start + options.batchSize), classifier.adapter.inputSize);
    const probabilities = tfjs.tidy(() => classifier.predict(options.mirror ? tfjs.image.flipLeftRight(faces) : faces));
    const [count, classes] = probabilities.shape;
    const values = await probabilities.data();
    tfjs.dispose([faces, probabilities]);
    for (let i = 0; i < count; i++) rows.push(toTaxonomyOrder(classifier.adapter, values.subarray(i * classes, (i + 1) * classes)));
    options.onProgress?.(rows.length);
  }
  return rows;
}
