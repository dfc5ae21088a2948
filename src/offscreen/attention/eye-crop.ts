/**
 * Where each eye is cut from the frame, and the cut itself, for the eye models (the shipped eye net,
 * src/offscreen/attention/eye-net.ts, and the iris model it was distilled from, iris.ts). An eye is
 * cut the way MediaPipe cuts it for its iris model: a square 2.3 × the corner-to-corner width,
 * turned with the eye line; the picture's right eye goes in mirrored (the iris model was trained on
 * one eye) and its points are mirrored back. The eye is placed from BlazeFace's eye keypoints
 * instead of a face mesh (docs/engagement.md, "Eye crops from the keypoints").
 */
import { messageOf } from '../../shared/error-message';
import type { FaceKeypoints, Point2 } from '../../shared/head-pose';
import { localizedError } from '../../shared/i18n';

/** Crop side ÷ corner-to-corner width (MediaPipe's iris_landmark_landmarks_to_roi and human's default). */
export const EYE_CROP_SCALE = 2.3;
/** Below this corner-to-corner width (frame pixels) an eye is too small to read: the crop would be mostly interpolation. */
export const MIN_EYE_WIDTH = 6;
/**
 * Eye width (corner to corner, as the face mesh places the corners) ÷ the distance between
 * BlazeFace's eye keypoints. Anthropometry says ≈ 0.45–0.48 (a 28–30 mm eye, pupils 63 mm apart).
 * On the labelled frames 0.42 / 0.45 / 0.5 scored 87 / 89 / 88 of 101, the face-mesh crops 89
 * (`npx tsx scripts/measure-gaze.ts`). The iris model's own corners sit inside the mesh's (median
 * 0.374 of the distance), which is why that figure is not used here.
 */
export const KEYPOINT_EYE_WIDTH = 0.45;
/** Where the eye's corners' midpoint lies from its keypoint, in keypoint distances outward along the eye line and down across it (medians over 462 eyes, same script). */
const KEYPOINT_EYE_SHIFT = { outward: -0.034, down: -0.026 };

/** Where one eye's crop lies in the frame: centre, side, the eye's axis, and whether it goes in mirrored. */
export interface EyeCrop {
  centre: Point2;
  side: number;
  /** Unit vector along the eye line, toward the picture's right. */
  axis: Point2;
  mirrored: boolean;
}

/**
 * The crop of an eye from its two corners (e.g. face-mesh landmarks). Corners are taken left to right
 * in the picture, so the crop is turned only by the head's roll, never flipped by it.
 */
export function eyeCrop(a: Point2, b: Point2, mirrored: boolean): EyeCrop {
  const [left, right] = a.x <= b.x ? [a, b] : [b, a];
  const width = Math.hypot(right.x - left.x, right.y - left.y);
  const axis = width > 0 ? { x: (right.x - left.x) / width, y: (right.y - left.y) / width } : { x: 1, y: 0 };
  return { centre: { x: (left.x + right.x) / 2, y: (left.y + right.y) / 2 }, side: EYE_CROP_SCALE * width, axis, mirrored };
}

/** A crop of nothing: what an eye model runs once on while loading, so its kernels are compiled before the first frame. */
export const WARM_UP_CROP: EyeCrop = { centre: { x: 0, y: 0 }, side: 0, axis: { x: 1, y: 0 }, mirrored: false };

/** Loads an eye model's file; a missing or broken one stops the engine with a message naming it. */
export async function loadEyeModelFile<Model>(path: string, load: () => Promise<Model>): Promise<Model> {
  try {
    return await load();
  } catch (error) {
    const reason = messageOf(error);
    throw localizedError('engine_eyeModelMissing', { reason: `${path}: ${reason}` });
  }
}

/** Keeps the crops of eyes wide enough to read (MIN_EYE_WIDTH). */
export function readable(crops: EyeCrop[]): EyeCrop[] {
  return crops.filter((crop) => crop.side / EYE_CROP_SCALE >= MIN_EYE_WIDTH);
}

/**
 * Both eyes' crops from BlazeFace's two eye keypoints, which the detector has already computed, so
 * no face-mesh run is needed: each crop is centred on its eye's keypoint, turned with the line
 * between the eyes, and as wide as KEYPOINT_EYE_WIDTH × the distance between them would make the
 * eye (measured against the face mesh's corners: docs/engagement.md).
 */
export function keypointEyeCrops(keypoints: FaceKeypoints): EyeCrop[] {
  const [left, right] = keypoints.eyes[0].x <= keypoints.eyes[1].x ? keypoints.eyes : [keypoints.eyes[1], keypoints.eyes[0]];
  const between = Math.hypot(right.x - left.x, right.y - left.y);
  if (between <= 0) return [];
  const axis = { x: (right.x - left.x) / between, y: (right.y - left.y) / between };
  const side = EYE_CROP_SCALE * KEYPOINT_EYE_WIDTH * between;
  // outward: -1 for the picture's left eye (its outer corner lies to the left), +1 for the right one.
  const crop = (keypoint: Point2, outward: -1 | 1): EyeCrop => {
    const along = outward * KEYPOINT_EYE_SHIFT.outward * between;
    const down = KEYPOINT_EYE_SHIFT.down * between;
    const centre = { x: keypoint.x + along * axis.x - down * axis.y, y: keypoint.y + along * axis.y + down * axis.x };
    return { centre, side, axis, mirrored: outward === 1 };
  };
  return readable([crop(left, -1), crop(right, 1)]);
}

/** A point of the crop in 0..1 (u across, v down, as the model sees it) → frame pixels. */
export function cropToFrame(crop: EyeCrop, u: number, v: number): Point2 {
  const along = (u - 0.5) * crop.side * (crop.mirrored ? -1 : 1);
  const across = (v - 0.5) * crop.side;
  return {
    x: crop.centre.x + along * crop.axis.x - across * crop.axis.y,
    y: crop.centre.y + along * crop.axis.y + across * crop.axis.x,
  };
}

/** What a model takes per pixel: RGB (the iris model) or one gray level (the eye net). */
export type EyeChannels = 'rgb' | 'gray';

/** ITU-R BT.601 luma weights, as canvas and most gray conversions use. */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * Bilinear samples of the crop from packed RGBA, side × side pixels row by row, each 0..1 (RGB:
 * three values; gray: one, BT.601 luma), written into out from offset; edge pixels are repeated
 * outside the frame.
 */
export function sampleEye(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  crop: EyeCrop,
  side: number,
  channels: EyeChannels,
  out: Float32Array,
  offset = 0,
): void {
  let o = offset;
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const p = cropToFrame(crop, (col + 0.5) / side, (row + 0.5) / side);
      const x = Math.min(Math.max(p.x - 0.5, 0), width - 1);
      const y = Math.min(Math.max(p.y - 0.5, 0), height - 1);
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const x1 = Math.min(x0 + 1, width - 1);
      const y1 = Math.min(y0 + 1, height - 1);
      const fx = x - x0;
      const fy = y - y0;
      const i00 = (y0 * width + x0) * 4;
      const i01 = (y0 * width + x1) * 4;
      const i10 = (y1 * width + x0) * 4;
      const i11 = (y1 * width + x1) * 4;
      let gray = 0;
      for (let c = 0; c < 3; c++) {
        const top = (rgba[i00 + c] as number) * (1 - fx) + (rgba[i01 + c] as number) * fx;
        const bottom = (rgba[i10 + c] as number) * (1 - fx) + (rgba[i11 + c] as number) * fx;
        const value = (top * (1 - fy) + bottom * fy) / 255;
        if (channels === 'rgb') out[o++] = value;
        else gray += LUMA[c]! * value;
      }
      if (channels === 'gray') out[o++] = gray;
    }
  }
}
