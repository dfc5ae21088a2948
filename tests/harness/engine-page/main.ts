/**
 * A plain page hosting the extension's real engine code (Engine, ExpressionClassifier, the shipped
 * adapter), so tests and scripts can run the offscreen engine's exact preprocessing in Chromium
 * without the extension around it. Built and served by tests/helpers/engine-harness.ts.
 */
import { selectBackend } from '../../../src/offscreen/backend';
import { ExpressionClassifier } from '../../../src/offscreen/classifier';
import { FACE_MESH_MARGIN, FACE_MESH_PATH, FaceMesh, meshEyeCrops } from './face-mesh';
import { IRIS_PATH, IrisModel, keypointEyeCrops } from '../../../src/offscreen/attention/iris';
import { cutRgb, largest, squareCrop } from '../../../src/offscreen/crop';
import { FaceFinder } from '../../../src/offscreen/detector';
import { Engine, TFJS_WASM_DIR } from '../../../src/offscreen/engine';
import { DEFAULT_MODEL_ID, findModelAdapter } from '../../../src/offscreen/models/registry';
import { irisReading } from '../../../src/shared/gaze';
import { meshEyeAspectRatio, poseFromKeypoints, poseFromMesh } from '../../../src/shared/head-pose';
import type { RawFrame } from '../../../src/shared/frame';
import type { FrameAnalysis } from '../../../src/shared/types';
import { HARNESS_BACKEND, type AttentionMeasurement, type EncodedImage, type EngineRunOptions, type EngineHarnessApi, type PhotoScene } from './api';

const adapter = findModelAdapter(DEFAULT_MODEL_ID);
if (!adapter) throw new Error(`no adapter for the default model ${DEFAULT_MODEL_ID}`);
const shippedAdapter = adapter;

/** The server maps the extension's packaged paths (models/, wasm/) onto the repository. */
const host = { assetUrl: (path: string) => new URL(path, `${location.origin}/`).href };

async function decodeBase64(base64: string): Promise<Uint8Array> {
  const response = await fetch(`data:application/octet-stream;base64,${base64}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function toRawFrame(image: EncodedImage): Promise<RawFrame> {
  const bytes = await decodeBase64(image.rgbaBase64);
  if (bytes.length !== image.width * image.height * 4) throw new Error(`expected ${image.width}×${image.height} RGBA, got ${bytes.length} bytes`);
  return { width: image.width, height: image.height, data: bytes.buffer as ArrayBuffer, time: Date.now() };
}

let classifier: Promise<ExpressionClassifier> | null = null;

function loadClassifier(): Promise<ExpressionClassifier> {
  classifier ??= (async () => {
    const choice = await selectBackend(HARNESS_BACKEND, host.assetUrl(TFJS_WASM_DIR));
    if (choice.backend !== HARNESS_BACKEND) throw new Error(`${HARNESS_BACKEND} backend unavailable: ${JSON.stringify(choice.fallbacks)}`);
    return ExpressionClassifier.load(shippedAdapter, host.assetUrl(shippedAdapter.modelPath));
  })();
  return classifier;
}

/** One engine per crop margin and mode, each with a copy of the shipped adapter that differs only in its margin. */
const engines = new Map<string, Engine>();

function engineFor(cropMargin: number, attentionOnly: boolean): Engine {
  const key = `${cropMargin}/${attentionOnly}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = new Engine(host, { ...shippedAdapter, cropMargin });
    engine.setMode({ backend: HARNESS_BACKEND, attentionOnly });
    engines.set(key, engine);
  }
  return engine;
}

async function analyseRawFrame(frame: RawFrame, cropMargins: number[], options: EngineRunOptions = {}): Promise<FrameAnalysis[]> {
  const analyses: FrameAnalysis[] = [];
  // Engine.analyse copies the frame's bytes, so one frame serves every margin.
  for (const margin of cropMargins) analyses.push(await engineFor(margin, options.attentionOnly ?? false).analyse(frame, options.calibration ?? null));
  return analyses;
}

async function stagePhoto(jpegBase64: string, scene: PhotoScene): Promise<RawFrame> {
  const bitmap = await createImageBitmap(new Blob([(await decodeBase64(jpegBase64)) as BlobPart], { type: 'image/jpeg' }));
  const camera = new OffscreenCanvas(scene.cameraWidth, scene.cameraHeight);
  const cameraContext = camera.getContext('2d');
  if (!cameraContext) throw new Error('2D canvas unavailable');
  cameraContext.fillStyle = `rgb(${scene.background}, ${scene.background}, ${scene.background})`;
  cameraContext.fillRect(0, 0, scene.cameraWidth, scene.cameraHeight);
  cameraContext.drawImage(bitmap, (scene.cameraWidth - scene.faceSide) / 2, (scene.cameraHeight - scene.faceSide) / 2, scene.faceSide, scene.faceSide);
  bitmap.close();
  // The content script's downscale: one drawImage of the camera picture into a frameWidth-wide canvas.
  const width = scene.frameWidth;
  const height = Math.round((width * scene.cameraHeight) / scene.cameraWidth);
  const frame = new OffscreenCanvas(width, height);
  const frameContext = frame.getContext('2d', { willReadFrequently: true });
  if (!frameContext) throw new Error('2D canvas unavailable');
  frameContext.drawImage(camera, 0, 0, width, height);
  return { width, height, data: frameContext.getImageData(0, 0, width, height).data.buffer as ArrayBuffer, time: Date.now() };
}

let finder: Promise<FaceFinder> | null = null;
let faceMesh: Promise<FaceMesh> | null = null;
let irisModel: Promise<IrisModel> | null = null;

async function measureAttention(raw: RawFrame): Promise<AttentionMeasurement> {
  const classifier = await loadClassifier(); // also selects the harness backend
  faceMesh ??= FaceMesh.load(host.assetUrl(FACE_MESH_PATH));
  const mesh = await faceMesh;
  irisModel ??= IrisModel.load(host.assetUrl(IRIS_PATH));
  const iris = await irisModel;
  finder ??= FaceFinder.create(host.assetUrl);
  const faces = await finder;
  const pixels = new Uint8ClampedArray(raw.data);
  let started = performance.now();
  const face = largest(faces.find(new ImageData(pixels, raw.width, raw.height)));
  const detectMs = performance.now() - started;
  const none = { faceSide: null, keypointPose: null, keypointMs: null, meshPose: null, meshEyeAspectRatio: null, meshConfidence: null, meshMs: null, irisEyes: null, iris: null, irisMs: null, keypoints: null, keypointIrisEyes: null, keypointIris: null, keypointIrisMs: null, classifyMs: null };
  if (!face) return { ...none, detectMs };
  started = performance.now();
  const keypointPose = face.keypoints ? poseFromKeypoints(face.keypoints) : null;
  const keypointMs = performance.now() - started;
  started = performance.now();
  const meshCrop = squareCrop(face, raw.width, raw.height, FACE_MESH_MARGIN);
  const result = await mesh.run(cutRgb(pixels, raw.width, meshCrop), meshCrop);
  const meshPose = poseFromMesh(result.landmarks);
  const meshEar = meshEyeAspectRatio(result.landmarks);
  const meshMs = performance.now() - started;
  started = performance.now();
  const irisEyes = await iris.run(pixels, raw.width, raw.height, meshEyeCrops(result.landmarks));
  const irisValues = irisReading(irisEyes);
  const irisMs = performance.now() - started;
  started = performance.now();
  const keypointIrisEyes = face.keypoints ? await iris.run(pixels, raw.width, raw.height, keypointEyeCrops(face.keypoints)) : null;
  const keypointIris = keypointIrisEyes ? irisReading(keypointIrisEyes) : null;
  const keypointIrisMs = face.keypoints ? performance.now() - started : null;
  started = performance.now();
  const crop = squareCrop(face, raw.width, raw.height, shippedAdapter.cropMargin);
  await classifier.classify(cutRgb(pixels, raw.width, crop), crop.width);
  const classifyMs = performance.now() - started;
  return { faceSide: Math.max(face.width, face.height), detectMs, keypointPose, keypointMs, meshPose, meshEyeAspectRatio: meshEar, meshConfidence: result.confidence, meshMs, irisEyes, iris: irisValues, irisMs, keypoints: face.keypoints, keypointIrisEyes, keypointIris, keypointIrisMs, classifyMs };
}

const api: EngineHarnessApi = {
  async classifyCrops(crops) {
    const loaded = await loadClassifier();
    const probabilities: number[][] = [];
    for (const crop of crops) {
      if (crop.width !== crop.height) throw new Error(`crops must be square, got ${crop.width}×${crop.height}`);
      const rgba = await decodeBase64(crop.rgbaBase64);
      const whole = { x: 0, y: 0, width: crop.width, height: crop.height };
      probabilities.push(await loaded.classify(cutRgb(rgba, crop.width, whole), crop.width));
    }
    return probabilities;
  },
  async analyseFrame(frame, cropMargins = [shippedAdapter.cropMargin], options) {
    return analyseRawFrame(await toRawFrame(frame), cropMargins, options);
  },
  async analysePhoto(jpegBase64, scene, cropMargins = [shippedAdapter.cropMargin], options) {
    return analyseRawFrame(await stagePhoto(jpegBase64, scene), cropMargins, options);
  },
  async fetchedUrls() {
    return performance.getEntriesByType('resource').map((entry) => entry.name);
  },
  async measureAttention(frame) {
    return measureAttention(await toRawFrame(frame));
  },
  async measureAttentionPhoto(jpegBase64, scene) {
    return measureAttention(await stagePhoto(jpegBase64, scene));
  },
  async detectFaces(frame) {
    finder ??= FaceFinder.create(host.assetUrl);
    const raw = await toRawFrame(frame);
    return (await finder).find(new ImageData(new Uint8ClampedArray(raw.data), raw.width, raw.height));
  },
};

Object.assign(window, { raut: api, harnessReady: true });
