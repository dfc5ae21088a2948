import type * as tf from '@tensorflow/tfjs';
import { signedGrayFaces, type ModelAdapter } from './adapter';

/**
 * Raut's own compact CNN (training/model.py), trained on FER-2013 by training/train.py and
 * exported by training/export_tfjs.py as a tfjs layers model. Input 48×48 gray scaled to [-1, 1],
 * mirroring training/preprocess.py exactly; outputs FER-2013's order, softmax included.
 */
export const rautCnn: ModelAdapter = {
  id: 'raut-cnn',
  version: '0.1.0',
  description: 'RautCnn (training/), a compact VGG-style CNN trained on FER-2013 by this project, MIT',
  modelPath: 'models/raut-cnn/model.json',
  format: 'layers',
  inputSize: 48,
  inputChannels: 1,
  outputOrder: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'],
  outputIsSoftmax: true,
  // FER-2013 crops are framed like human-emotion's training data; its measured margin is the best guess
  // until `npm run tune-crop` is run for this model.
  cropMargin: 0.1,
  preprocess(tfjs: typeof tf, faces: tf.Tensor4D): tf.Tensor4D {
    return signedGrayFaces(tfjs, faces, 48);
  },
};
