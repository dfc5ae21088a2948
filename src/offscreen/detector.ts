/**
 * Face detection with MediaPipe Tasks (BlazeFace short range, patched with the TFLite metadata
 * tasks-vision needs; see scripts/tflite-metadata.ts). Wasm and model come from the package.
 */
import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import type { PixelBox } from './crop';
import type { FaceKeypoints, Point2 } from '../shared/head-pose';
import type { DetectorDelegate } from '../shared/types';

export const FACE_MODEL_PATH = 'models/blazeface/face_detection_short_range.tflite';
export const TASKS_WASM_DIR = 'wasm/tasks-vision';
const WARM_UP_SIDE = 128;

export interface DetectedFace extends PixelBox {
  score: number;
  /** BlazeFace's six keypoints in pixels; null when the detector gave fewer. */
  keypoints: FaceKeypoints | null;
}

/** BlazeFace short range lists: right eye, left eye, nose tip, mouth centre, right and left ear tragion. */
function toKeypoints(points: readonly { x: number; y: number }[], width: number, height: number): FaceKeypoints | null {
  if (points.length < 6) return null;
  const [eyeA, eyeB, nose, mouth, earA, earB] = points.map((p): Point2 => ({ x: p.x * width, y: p.y * height })) as [Point2, Point2, Point2, Point2, Point2, Point2];
  return { eyes: [eyeA, eyeB], nose, mouth, ears: [earA, earB] };
}

export class FaceFinder {
  private constructor(
    private readonly detector: FaceDetector,
    readonly delegate: DetectorDelegate,
  ) {}

  /** `delegate`: see detector-placement.ts for which one the engine asks for. */
  static async create(assetUrl: (path: string) => string, delegate: DetectorDelegate = 'CPU', minConfidence = 0.5): Promise<FaceFinder> {
    const fileset = await FilesetResolver.forVisionTasks(assetUrl(TASKS_WASM_DIR));
    const detector = await FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: assetUrl(FACE_MODEL_PATH), delegate },
      runningMode: 'IMAGE',
      minDetectionConfidence: minConfidence,
    });
    // The first detect sets up the graph and its image upload (a WebGL context), and the GPU
    // delegate's shaders: pay that while loading, and fail here rather than on the class's first frame.
    try {
      detector.detect(new ImageData(WARM_UP_SIDE, WARM_UP_SIDE));
    } catch (error) {
      detector.close();
      throw error;
    }
    return new FaceFinder(detector, delegate);
  }

  find(image: ImageData): DetectedFace[] {
    const faces: DetectedFace[] = [];
    for (const detection of this.detector.detect(image).detections) {
      const box = detection.boundingBox;
      if (!box) continue;
      faces.push({
        x: box.originX,
        y: box.originY,
        width: box.width,
        height: box.height,
        score: detection.categories[0]?.score ?? 0,
        keypoints: toKeypoints(detection.keypoints, image.width, image.height),
      });
    }
    return faces;
  }

  dispose(): void {
    this.detector.close();
  }
}
