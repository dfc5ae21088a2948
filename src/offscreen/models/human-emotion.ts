import type * as tf from '@tensorflow/tfjs';
import { toGrayscale, type ModelAdapter } from './adapter';

/**
 * oarriaga's mini-Xception trained on FER-2013, as converted and shipped by @vladmandic/human
 * (MIT). Input 64×64 gray scaled to [-1, 1]; outputs are FER-2013's order, already softmaxed.
 * Preprocessing copies human's own (src/gear/emotion.ts): bilinear resize, weighted gray, (g − 0.5) × 2.
 */
export const humanEmotion: ModelAdapter = {
  id: 'human-emotion',
  version: '3.3.6',
  description: 'mini-Xception (oarriaga/face_classification) trained on FER-2013, from @vladmandic/human 3.3.6, MIT',
  modelPath: 'models/human-emotion/emotion.json',
  format: 'graph',
  inputSize: 64,
  inputChannels: 1,
  outputOrder: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'],
  outputIsSoftmax: true,
  cropMargin: 0.1,
  preprocess(tfjs: typeof tf, faces: tf.Tensor4D): tf.Tensor4D {
    return tfjs.tidy(() => {
      const resized = tfjs.image.resizeBilinear(faces, [64, 64], false);
      const gray = toGrayscale(tfjs, resized);
      return tfjs.mul(tfjs.sub(gray, 0.5), 2) as tf.Tensor4D;
    });
  },
};
