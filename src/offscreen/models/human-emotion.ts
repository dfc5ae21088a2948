import type * as tf from '@tensorflow/tfjs';
import { signedGrayFaces, type ModelAdapter } from './adapter';

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
  // Best macro F1 of 0, 0.05 … 0.4 in `npm run tune-crop` (faces-muxspace, 60 photos per class at most,
  // 324 frames, engine on wasm in Chromium): 0.1 → macro F1 0.409, accuracy 51.5 %; 0 → 0.406, 50.0 %;
  // 0.2 → 0.395; 0.4 → 0.288. 0 to 0.1 are within noise (one photo is 0.3 points); looser crops lose.
  cropMargin: 0.1,
  preprocess(tfjs: typeof tf, faces: tf.Tensor4D): tf.Tensor4D {
    return signedGrayFaces(tfjs, faces, 64);
  },
};
