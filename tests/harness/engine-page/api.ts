/**
 * What the engine harness page puts on `window`, shared by the page (main.ts) and the Node side
 * (tests/helpers/engine-harness.ts), which calls it through page.evaluate.
 */
import type { DetectedFace } from '../../../src/offscreen/detector';
import type { Calibration } from '../../../src/shared/calibration';
import type { EyePoints, IrisEye, IrisReading } from '../../../src/shared/gaze';
import type { FaceKeypoints, HeadPose } from '../../../src/shared/head-pose';
import type { Backend, DetectorDelegate, FrameAnalysis } from '../../../src/shared/types';

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
  /** The shipped eye net on the same keypoint crops: its points, what they say, and its cost (crops, inference, geometry). */
  eyeNetEyes: EyePoints[] | null;
  eyeNet: IrisReading | null;
  eyeNetMs: number | null;
  /** The expression model on the same face (crop, cut, classify), for the cost ratio. */
  classifyMs: number | null;
}

/** Random changes to each eye crop's placement (scripts/eye-net-data.ts), so the eye net learns eyes that the keypoints place a little off. */
export interface EyeCropJitter {
  /** Largest shift of the crop's centre, in crop sides. */
  shift: number;
  /** Largest change of the crop's side, as a fraction (0.1: 0.9–1.1 ×). */
  scale: number;
  /** Largest turn of the crop, degrees. */
  degrees: number;
  /** Crops per eye: the keypoints' own, then variants − 1 jittered ones. */
  variants: number;
  seed: number;
}

/** One eye crop as training data for the eye net: its input and what the iris model (the teacher) says about it. */
export interface EyeTrainingSample {
  /** EYE_NET_CROP² gray levels 0..255 (the eye as sampled for the net, before scaling to [-1, 1] and any shrink), base64. */
  grayBase64: string;
  /** The teacher's nine points (src/shared/gaze.ts eyePointList order) in crop units, x then y for each. */
  teacher: number[];
  /** The crop's side in frame pixels. */
  cropSide: number;
}

/** How Engine.analyse runs besides its crop margin (what rides with each frame in the extension). */
export interface EngineRunOptions {
  attentionOnly?: boolean;
  calibration?: Calibration | null;
  /** MediaPipe's delegate for the face detector; default CPU, what this machine's engine picks. */
  detector?: DetectorDelegate;
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
  /** Every face the engine's detector finds in a frame, in pixels, on MediaPipe's CPU delegate unless told. */
  detectFaces(frame: EncodedImage, delegate?: DetectorDelegate): Promise<DetectedFace[]>;
  /** Eye-net training samples from the largest face of a staged photo (empty: no face or eyes too small). */
  eyeTrainingSamplesPhoto(jpegBase64: string, scene: PhotoScene, jitter: EyeCropJitter): Promise<EyeTrainingSample[]>;
}

export const HARNESS_BACKEND: Backend = 'wasm';
