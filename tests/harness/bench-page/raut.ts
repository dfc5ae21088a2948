/**
 * Raut's pipeline as the extension runs it: the content script's downscale to Settings.frameWidth
 * (one drawImage into a willReadFrequently canvas, then getImageData, as src/content/frame-source.ts
 * does), then the offscreen document's Engine.analyse (BlazeFace via MediaPipe Tasks + the shipped
 * expression model and the eye net on the requested TensorFlow.js backend). Not included: the
 * message hop to the offscreen document.
 */
import { Engine } from '../../../src/offscreen/engine';
import { DEFAULT_MODEL_ID, findModelAdapter } from '../../../src/offscreen/models/registry';
import type { RawFrame } from '../../../src/shared/frame';
import { DEFAULT_SETTINGS } from '../../../src/shared/types';
import { CAMERA } from './api';
import { exposePipeline, servedUrl } from './pipeline';

const adapter = findModelAdapter(DEFAULT_MODEL_ID);
if (!adapter) throw new Error(`no adapter for the default model ${DEFAULT_MODEL_ID}`);
const engine = new Engine({ assetUrl: servedUrl }, adapter);

const width = DEFAULT_SETTINGS.frameWidth;
const height = Math.round((width * CAMERA.height) / CAMERA.width);
const downscaled = new OffscreenCanvas(width, height);
const context = downscaled.getContext('2d', { willReadFrequently: true });
if (!context) throw new Error('2D canvas unavailable');
const downscale = context;

function grab(source: CanvasImageSource): RawFrame {
  downscale.drawImage(source, 0, 0, width, height);
  return { width, height, data: downscale.getImageData(0, 0, width, height).data.buffer as ArrayBuffer, time: Date.now() };
}

exposePipeline({
  async load(backend) {
    engine.setPreference(backend);
    const blank = new OffscreenCanvas(width, height);
    await engine.analyse(grab(blank)); // starts the engine: backend, detector, classifier
    const status = engine.getStatus();
    if (status.backend !== backend) throw new Error(`Raut engine is on ${status.backend ?? 'nothing'}, not ${backend}: ${JSON.stringify(status.message)}`);
    return `Raut ${adapter.id} on ${status.backend}, face detector on MediaPipe's ${status.detector ?? 'unknown'} delegate, frames downscaled to ${width}×${height}`;
  },
  async analyse(frame) {
    return (await engine.analyse(grab(frame))).top;
  },
});
