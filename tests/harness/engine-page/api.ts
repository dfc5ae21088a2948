/**
 * What the engine harness page puts on `window`, shared by the page (main.ts) and the Node side
 * (tests/helpers/engine-harness.ts), which calls it through page.evaluate.
 */
import type { DetectedFace } from '../../../src/offscreen/detector';
import type { Calibration } from '../../../src/shared/calibration';
import type { IrisEye, IrisReading } from '../../../src/shared/gaze';
import type { FaceKeypoints, HeadPose } from '../../../src/shared/head-pose';
import type { Backend, FrameAnalysis } from '../../../src/shared/types';

/** An RGBA picture crossing from Node to the page; base64 keeps page.evaluate's payload small. */
export interface EncodedImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, base64. */
  rgbaBase64: string;
}

/** How a face photo is staged as a webcam frame: pasted onto a plain background, then downscaled. */
export interface PhotoScene {
  /** The camera's frame before downscaling (e.g. 640 × 480). */
  cameraWidth: number;
  cameraHeight: number;
  /** Side of the square the photo is drawn into, centred in the camera frame. */
  faceSide: number;
  /** Background gray level 0..255. */
  background: number;
  /** The width the extension downscales to (Settings.frameWidth). */
  frameWidth: number;
}

/** Both head-pose routes, the eyes (mesh and iris model) and their cost on the largest face of one frame (null fields: no face). */
export interface AttentionMeasurement {
  faceSide: number | null;
  detectMs: number;
  keypointPose: HeadPose | null;
  keypointMs: number | null;
  meshPose: HeadPose | null;
  meshEyeAspectRatio: number | null;
  meshConfidence: number | null;
  /** Crop, cut and face-mesh inference. */
  meshMs: number | null;
  /** The iris model on both eyes (cut around the mesh's eye corners): raw points and what they say. */
  irisEyes: IrisEye[] | null;
  iris: IrisReading | null;
  /** Eye crops, iris inference and the geometry. */
  irisMs: number | null;
  /** BlazeFace's keypoints, and the iris model on eye crops cut around them instead of the mesh's corners (no mesh needed). */
  keypoints: FaceKeypoints | null;
  keypointIrisEyes: IrisEye[] | null;
  keypointIris: IrisReading | null;
  keypointIrisMs: number | null;
  /** The expression model on the same face (crop, cut, classify), for the cost ratio. */
  classifyMs: number | null;
}

/** How Engine.analyse runs besides its crop margin (what rides with each frame in the extension). */
export interface EngineRunOptions {
  attentionOnly?: boolean;
  calibration?: Calibration | null;
}

export interface EngineHarnessApi {
  /**
   * Square RGBA face crops → 7 probabilities each (taxonomy order), through ExpressionClassifier.classify
   * on the HARNESS_BACKEND (it throws rather than fall back to another backend).
   */
  classifyCrops(crops: EncodedImage[]): Promise<number[][]>;
  /** One frame through Engine.analyse, once per crop margin (default: the adapter's own). */
  analyseFrame(frame: EncodedImage, cropMargins?: number[], options?: EngineRunOptions): Promise<FrameAnalysis[]>;
  /** A JPEG face photo staged as a downscaled webcam frame (canvas, like the content script), then analyseFrame. */
  analysePhoto(jpegBase64: string, scene: PhotoScene, cropMargins?: number[], options?: EngineRunOptions): Promise<FrameAnalysis[]>;
  /** Every URL the page has fetched so far (resource timing), to prove what was never loaded. */
  fetchedUrls(): Promise<string[]>;
  /** Measures both head-pose routes on one frame (scripts/measure-attention.ts). */
  measureAttention(frame: EncodedImage): Promise<AttentionMeasurement>;
  /** measureAttention on a staged photo. */
  measureAttentionPhoto(jpegBase64: string, scene: PhotoScene): Promise<AttentionMeasurement>;
  /** Every face the engine's detector finds in a frame, in pixels. */
  detectFaces(frame: EncodedImage): Promise<DetectedFace[]>;
}

export const HARNESS_BACKEND: Backend = 'wasm';
