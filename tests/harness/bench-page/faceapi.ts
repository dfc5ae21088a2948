/**
 * @vladmandic/face-api's browser ESM build (it bundles its own TensorFlow.js 4.22): TinyFaceDetector
 * with its default options (inputSize 416, scoreThreshold 0.5) + FaceExpressionNet, on wasm.
 */
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm.js';
import type { Expression } from '../../../src/shared/taxonomy';
import { pipelineUnavailable } from './api';
import { exposePipeline, servedUrl } from './pipeline';

/** face-api's expression names → Raut's taxonomy. */
const EXPRESSION_OF: Record<string, Expression> = {
  neutral: 'neutral',
  happy: 'happy',
  sad: 'sad',
  angry: 'angry',
  fearful: 'fear',
  disgusted: 'disgust',
  surprised: 'surprise',
};

/** face-api's typings name only part of its bundled TensorFlow.js; these calls exist at run time. */
interface BundledTf {
  setWasmPaths(prefix: string): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
}
const tf = faceapi.tf as unknown as BundledTf;

const detectorOptions = new faceapi.TinyFaceDetectorOptions();

exposePipeline({
  async load(backend) {
    // Its bundle registers the cpu, webgl and wasm backends only.
    if (backend !== 'wasm') throw pipelineUnavailable(`face-api's bundled TensorFlow.js has no ${backend} backend`);
    tf.setWasmPaths(servedUrl('wasm/tfjs/'));
    if (!(await tf.setBackend('wasm'))) throw new Error('face-api: wasm backend failed to initialise');
    await tf.ready();
    await faceapi.nets.tinyFaceDetector.loadFromUri(servedUrl('faceapi-models/'));
    await faceapi.nets.faceExpressionNet.loadFromUri(servedUrl('faceapi-models/'));
    return `face-api TinyFaceDetector(inputSize ${detectorOptions.inputSize}) + FaceExpressionNet on ${tf.getBackend()}`;
  },
  async analyse(frame) {
    const faces = await faceapi.detectAllFaces(frame, detectorOptions).withFaceExpressions();
    let best: (typeof faces)[number] | undefined;
    for (const face of faces) if (!best || face.detection.box.area > best.detection.box.area) best = face;
    if (!best) return null;
    const top = best.expressions.asSortedArray()[0];
    return top ? (EXPRESSION_OF[top.expression] ?? null) : null;
  },
});
