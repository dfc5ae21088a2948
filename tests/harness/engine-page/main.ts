/**
 * A plain page hosting the extension's real engine code (Engine, ExpressionClassifier, the shipped
 * adapter), so tests and scripts can run the offscreen engine's exact preprocessing in Chromium
 * without the extension around it. Built and served by tests/helpers/engine-harness.ts.
 */
import { selectBackend } from '../../../src/offscreen/backend';
import { ExpressionClassifier } from '../../../src/offscreen/classifier';
import { FACE_MESH_MARGIN, FACE_MESH_PATH, FaceMesh, meshEyeCrops } from './face-mesh';
import { keypointEyeCrops, readable, type EyeCrop } from '../../../src/offscreen/attention/eye-crop';
import { EYE_NET_CROP, EYE_NET_PATH, EyeNet, eyeNetInput } from '../../../src/offscreen/attention/eye-net';
import { IRIS_PATH, IrisModel } from '../../../src/offscreen/attention/iris';
import { seededRandom } from '../../../scripts/seeded-random';
import { cutRgb, largest, squareCrop } from '../../../src/offscreen/crop';
import { FaceFinder } from '../../../src/offscreen/detector';
import { Engine, TFJS_WASM_DIR } from '../../../src/offscreen/engine';
import { DEFAULT_MODEL_ID, findModelAdapter } from '../../../src/offscreen/models/registry';
import { eyePointList, eyePointsOf, IRIS_CONTOUR_POINTS, irisReading } from '../../../src/shared/gaze';
import { meshEyeAspectRatio, poseFromKeypoints, poseFromMesh } from '../../../src/shared/head-pose';
import type { RawFrame } from '../../../src/shared/frame';
import type { DetectorDelegate, FrameAnalysis } from '../../../src/shared/types';
import { HARNESS_BACKEND, type AttentionMeasurement, type EncodedImage, type EngineRunOptions, type EngineHarnessApi, type EyeCropJitter, type EyeTrainingSample, type PhotoScene } from './api';

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

/** One engine per crop margin, mode and detector delegate, each with a copy of the shipped adapter that differs only in its margin. */
const engines = new Map<string, Engine>();

function engineFor(cropMargin: number, attentionOnly: boolean, detector: DetectorDelegate): Engine {
  const key = `${cropMargin}/${attentionOnly}/${detector}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = new Engine(host, { ...shippedAdapter, cropMargin }, detector);
    engine.setMode({ backend: HARNESS_BACKEND, attentionOnly });
    engines.set(key, engine);
  }
  return engine;
}

async function analyseRawFrame(frame: RawFrame, cropMargins: number[], options: EngineRunOptions = {}): Promise<FrameAnalysis[]> {
  const analyses: FrameAnalysis[] = [];
  // Engine.analyse copies the frame's bytes, so one frame serves every margin.
  const detector = options.detector ?? 'CPU';
  for (const margin of cropMargins) {
    const engine = engineFor(margin, options.attentionOnly ?? false, detector);
    analyses.push(await engine.analyse(frame, options.calibration ?? null));
    // A GPU delegate that failed to start falls back to the CPU one: a comparison must not read that as the GPU's answer.
    const { detector: ranOn, message } = engine.getStatus();
    if (ranOn !== detector) throw new Error(`the detector ran on ${ranOn ?? 'nothing'}, not ${detector}: ${JSON.stringify(message)}`);
  }
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
/** The same detector on MediaPipe's GPU delegate (WebGL shaders; SwiftShader's emulation on a machine without a GPU). */
let gpuFinder: Promise<FaceFinder> | null = null;
let faceMesh: Promise<FaceMesh> | null = null;
let irisModel: Promise<IrisModel> | null = null;
let eyeNet: Promise<EyeNet> | null = null;

async function measureAttention(raw: RawFrame): Promise<AttentionMeasurement> {
  const classifier = await loadClassifier(); // also selects the harness backend
  faceMesh ??= FaceMesh.load(host.assetUrl(FACE_MESH_PATH));
  const mesh = await faceMesh;
  irisModel ??= IrisModel.load(host.assetUrl(IRIS_PATH));
  const iris = await irisModel;
  eyeNet ??= EyeNet.load(host.assetUrl(EYE_NET_PATH));
  const net = await eyeNet;
  finder ??= FaceFinder.create(host.assetUrl);
  const faces = await finder;
  const pixels = new Uint8ClampedArray(raw.data);
  let started = performance.now();
  const face = largest(faces.find(new ImageData(pixels, raw.width, raw.height)));
  const detectMs = performance.now() - started;
  const none = { faceSide: null, keypointPose: null, keypointMs: null, meshPose: null, meshEyeAspectRatio: null, meshConfidence: null, meshMs: null, irisEyes: null, iris: null, irisMs: null, keypoints: null, keypointIrisEyes: null, keypointIris: null, keypointIrisMs: null, eyeNetEyes: null, eyeNet: null, eyeNetMs: null, classifyMs: null };
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
  const irisValues = irisReading(irisEyes.map(eyePointsOf));
  const irisMs = performance.now() - started;
  started = performance.now();
  const keypointIrisEyes = face.keypoints ? await iris.run(pixels, raw.width, raw.height, keypointEyeCrops(face.keypoints)) : null;
  const keypointIris = keypointIrisEyes ? irisReading(keypointIrisEyes.map(eyePointsOf)) : null;
  const keypointIrisMs = face.keypoints ? performance.now() - started : null;
  started = performance.now();
  const eyeNetEyes = face.keypoints ? await net.run(pixels, raw.width, raw.height, keypointEyeCrops(face.keypoints)) : null;
  const eyeNetReading = eyeNetEyes ? irisReading(eyeNetEyes) : null;
  const eyeNetMs = face.keypoints ? performance.now() - started : null;
  started = performance.now();
  const crop = squareCrop(face, raw.width, raw.height, shippedAdapter.cropMargin);
  await classifier.classify(cutRgb(pixels, raw.width, crop), crop.width);
  const classifyMs = performance.now() - started;
  return { faceSide: Math.max(face.width, face.height), detectMs, keypointPose, keypointMs, meshPose, meshEyeAspectRatio: meshEar, meshConfidence: result.confidence, meshMs, irisEyes, iris: irisValues, irisMs, keypoints: face.keypoints, keypointIrisEyes, keypointIris, keypointIrisMs, eyeNetEyes, eyeNet: eyeNetReading, eyeNetMs, classifyMs };
}

/** The crop turned, shifted and scaled at random within the jitter's bounds. */
function jittered(crop: EyeCrop, jitter: EyeCropJitter, random: () => number): EyeCrop {
  const spread = (limit: number) => (random() * 2 - 1) * limit;
  const turn = (spread(jitter.degrees) * Math.PI) / 180;
  const axis = { x: crop.axis.x * Math.cos(turn) - crop.axis.y * Math.sin(turn), y: crop.axis.x * Math.sin(turn) + crop.axis.y * Math.cos(turn) };
  const centre = { x: crop.centre.x + spread(jitter.shift) * crop.side, y: crop.centre.y + spread(jitter.shift) * crop.side };
  return { ...crop, axis, centre, side: crop.side * (1 + spread(jitter.scale)) };
}

async function eyeTrainingSamples(raw: RawFrame, jitter: EyeCropJitter): Promise<EyeTrainingSample[]> {
  await loadClassifier(); // selects the harness backend
  irisModel ??= IrisModel.load(host.assetUrl(IRIS_PATH));
  const iris = await irisModel;
  finder ??= FaceFinder.create(host.assetUrl);
  const pixels = new Uint8ClampedArray(raw.data);
  const face = largest((await finder).find(new ImageData(pixels, raw.width, raw.height)));
  if (!face?.keypoints) return [];
  const random = seededRandom(jitter.seed);
  const crops = readable(keypointEyeCrops(face.keypoints).flatMap((crop) => [crop, ...Array.from({ length: jitter.variants - 1 }, () => jittered(crop, jitter, random))]));
  const teacher = await iris.cropPoints(pixels, raw.width, raw.height, crops);
  const inputs = eyeNetInput(pixels, raw.width, raw.height, crops);
  const side = EYE_NET_CROP * EYE_NET_CROP;
  return crops.map((crop, k) => {
    const gray = new Uint8Array(side);
    for (let i = 0; i < side; i++) gray[i] = Math.round(((inputs[k * side + i] as number) / 2 + 0.5) * 255);
    const points = eyePointList(eyePointsOf({ contour: teacher[k]!.slice(0, IRIS_CONTOUR_POINTS), iris: teacher[k]!.slice(IRIS_CONTOUR_POINTS) }));
    return { grayBase64: btoa(String.fromCharCode(...gray)), teacher: points.flatMap((p) => [p.x, p.y]), cropSide: crop.side };
  });
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
  async detectFaces(frame, delegate = 'CPU') {
    const faces = delegate === 'CPU' ? (finder ??= FaceFinder.create(host.assetUrl)) : (gpuFinder ??= FaceFinder.create(host.assetUrl, 'GPU'));
    const raw = await toRawFrame(frame);
    return (await faces).find(new ImageData(new Uint8ClampedArray(raw.data), raw.width, raw.height));
  },
  async eyeTrainingSamplesPhoto(jpegBase64, scene, jitter) {
    return eyeTrainingSamples(await stagePhoto(jpegBase64, scene), jitter);
  },
};

Object.assign(window, { raut: api, harnessReady: true });
