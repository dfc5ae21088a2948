import type * as tf from '@tensorflow/tfjs';
import type { ModelAdapter } from './adapter';

/**
 * A network published as a bare tfjs weights manifest (no topology, so neither a graph nor a
 * layers model): the adapter carries the forward pass itself. Same fields as ModelAdapter otherwise.
 */
export interface WeightsManifestAdapter extends Omit<ModelAdapter, 'format'> {
  format: 'weights-manifest';
  /** Runs the network on `preprocess`ed input; returns [n, outputOrder.length]. */
  forward(tfjs: typeof tf, weights: tf.NamedTensorMap, input: tf.Tensor4D): tf.Tensor2D;
}

const INPUT_SIZE = 112;
/** face-api's FaceFeatureExtractor: subtract this per-channel mean from 0..255 RGB, then divide by 255. */
const MEAN_RGB = [122.782, 117.001, 104.298] as const;

function weight<T extends tf.Tensor>(weights: tf.NamedTensorMap, name: string): T {
  const tensor = weights[name];
  if (!tensor) throw new Error(`face_expression_model: weight ${name} missing`);
  return tensor as T;
}

function separableConv(tfjs: typeof tf, x: tf.Tensor4D, weights: tf.NamedTensorMap, prefix: string, stride: 1 | 2): tf.Tensor4D {
  const convolved = tfjs.separableConv2d(
    x,
    weight<tf.Tensor4D>(weights, `${prefix}/depthwise_filter`),
    weight<tf.Tensor4D>(weights, `${prefix}/pointwise_filter`),
    stride,
    'same',
  );
  return tfjs.add(convolved, weight(weights, `${prefix}/bias`));
}

/** face-api's denseBlock4: four convolutions, each fed the ReLU of the sum of all earlier outputs. */
function denseBlock4(tfjs: typeof tf, x: tf.Tensor4D, weights: tf.NamedTensorMap, block: string, isFirstLayer: boolean): tf.Tensor4D {
  const out1 = tfjs.relu(
    isFirstLayer
      ? tfjs.add(tfjs.conv2d(x, weight<tf.Tensor4D>(weights, `${block}/conv0/filters`), 2, 'same'), weight(weights, `${block}/conv0/bias`))
      : separableConv(tfjs, x, weights, `${block}/conv0`, 2),
  ) as tf.Tensor4D;
  const out2 = separableConv(tfjs, out1, weights, `${block}/conv1`, 1);
  const in3 = tfjs.relu(tfjs.add(out1, out2)) as tf.Tensor4D;
  const out3 = separableConv(tfjs, in3, weights, `${block}/conv2`, 1);
  const in4 = tfjs.relu(tfjs.add(out1, tfjs.add(out2, out3))) as tf.Tensor4D;
  const out4 = separableConv(tfjs, in4, weights, `${block}/conv3`, 1);
  return tfjs.relu(tfjs.add(out1, tfjs.add(out2, tfjs.add(out3, out4)))) as tf.Tensor4D;
}

/**
 * FaceExpressionNet from @vladmandic/face-api 1.7.15 (MIT; originally justadudewhohacks/face-api.js):
 * FaceFeatureExtractor (4 dense blocks, 112 → 7 px, 256 channels) + 7×7 average pool + one
 * fully connected layer + softmax. Re-implemented from face-api's src/faceExpressionNet,
 * src/faceFeatureExtractor and src/faceProcessor with the same tfjs ops, because face-api only
 * ships the weights manifest, not a loadable model. Trained on a mix of face crops, not FER-2013 alone.
 */
export const faceApiExpression: WeightsManifestAdapter = {
  id: 'faceapi-expression',
  version: '1.7.15',
  description: 'FaceExpressionNet from @vladmandic/face-api 1.7.15 (face-api.js), MIT',
  modelPath: 'models/faceapi-expression/face_expression_model-weights_manifest.json',
  format: 'weights-manifest',
  inputSize: INPUT_SIZE,
  inputChannels: 3,
  // face-api's FACE_EXPRESSION_LABELS: neutral, happy, sad, angry, fearful, disgusted, surprised.
  outputOrder: ['neutral', 'happy', 'sad', 'angry', 'fear', 'disgust', 'surprise'],
  outputIsSoftmax: true,
  cropMargin: 0,
  preprocess(tfjs: typeof tf, faces: tf.Tensor4D): tf.Tensor4D {
    return tfjs.tidy(() => {
      const rgb = faces.shape[3] === 1 ? tfjs.tile(faces, [1, 1, 1, 3]) : faces;
      // face-api resizes 0..255 pixels (NetInput.toBatchTensor, no half-pixel centers), then normalizes.
      const resized = tfjs.image.resizeBilinear(tfjs.mul(rgb, 255) as tf.Tensor4D, [INPUT_SIZE, INPUT_SIZE], false, false);
      return tfjs.div(tfjs.sub(resized, tfjs.tensor1d([...MEAN_RGB])), 255) as tf.Tensor4D;
    });
  },
  forward(tfjs: typeof tf, weights: tf.NamedTensorMap, input: tf.Tensor4D): tf.Tensor2D {
    return tfjs.tidy(() => {
      let features = denseBlock4(tfjs, input, weights, 'dense0', true);
      features = denseBlock4(tfjs, features, weights, 'dense1', false);
      features = denseBlock4(tfjs, features, weights, 'dense2', false);
      features = denseBlock4(tfjs, features, weights, 'dense3', false);
      const pooled = tfjs.avgPool(features, [7, 7], [2, 2], 'valid');
      const flat = tfjs.reshape(pooled, [input.shape[0], -1]) as tf.Tensor2D;
      const logits = tfjs.add(tfjs.matMul(flat, weight<tf.Tensor2D>(weights, 'fc/weights')), weight(weights, 'fc/bias')) as tf.Tensor2D;
      return tfjs.softmax(logits);
    });
  },
};
