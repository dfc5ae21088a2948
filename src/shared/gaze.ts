/**
 * Gaze and eyelid openness from an eye model's points (src/offscreen/attention: the shipped eye
 * net, or MediaPipe's iris landmark model it was distilled from): pure geometry on nine points per
 * eye (corners, three points on each lid, iris centre), all in frame pixels. docs/engagement.md says how Raut uses them and how the thresholds were set.
 *
 * Conventions as in head-pose.ts, in the picture as the camera sees it (not mirrored): gaze x > 0
 * when the iris sits toward the picture's right of the eye's centre, gaze y > 0 when it sits
 * lower; both in units of half the eye's width (corner to corner), so 0 is centred and ±1 would
 * put the iris centre on a corner.
 */
import type { Point2 } from './head-pose';

/** One eye as the iris model returns it, in frame pixels. */
export interface IrisEye {
  /** The 71 eye-contour points in the model's order (IRIS_CONTOUR): lower lid from corner to corner, then upper lid, then the outer rings. */
  contour: Point2[];
  /** Iris centre, then four points on its edge. */
  iris: Point2[];
}

/**
 * Indices into IrisEye.contour (MediaPipe's iris landmark topology, as @vladmandic/human maps it
 * onto the face mesh: lower lid 33, 7, 163, 144, 145, 153, 154, 155, 133; upper lid 246, 161, 160,
 * 159, 158, 157, 173). `lower` runs from one corner to the other (9 points), `upper` over the 7
 * points between the same corners, in the same direction: upper[k] sits above lower[k + 1].
 */
export const IRIS_CONTOUR = {
  lower: [0, 1, 2, 3, 4, 5, 6, 7, 8],
  upper: [9, 10, 11, 12, 13, 14, 15],
} as const;
export const IRIS_CONTOUR_POINTS = 71;
export const IRIS_POINTS = 5;

/**
 * The nine points of one eye that the geometry reads, in frame pixels: what every eye model gives
 * (the iris model's are picked from its 76 by eyePointsOf; the eye net outputs exactly these).
 */
export interface EyePoints {
  /** The eye's two corners, in either order. */
  corners: [Point2, Point2];
  /** Three points on the upper lid (the face mesh's 160, 159, 158 on the picture's left eye), each above the matching lowerLid point (144, 145, 153). */
  upperLid: [Point2, Point2, Point2];
  lowerLid: [Point2, Point2, Point2];
  irisCentre: Point2;
}

/** EyePoints as a flat list, in the order the eye net outputs them: corners, upper lid, lower lid, iris centre. */
export const EYE_POINT_COUNT = 9;

export function eyePointList(eye: EyePoints): Point2[] {
  return [...eye.corners, ...eye.upperLid, ...eye.lowerLid, eye.irisCentre];
}

export function eyePointsFromList(points: readonly Point2[]): EyePoints {
  if (points.length !== EYE_POINT_COUNT) throw new RangeError(`an eye has ${EYE_POINT_COUNT} points, got ${points.length}`);
  const [a, b, u0, u1, u2, l0, l1, l2, iris] = points as [Point2, Point2, Point2, Point2, Point2, Point2, Point2, Point2, Point2];
  return { corners: [a, b], upperLid: [u0, u1, u2], lowerLid: [l0, l1, l2], irisCentre: iris };
}

/** The iris model's points that the geometry reads: its lid corners, the three middle points of each lid, the iris centre. */
export function eyePointsOf(eye: IrisEye): EyePoints {
  const upper = [2, 3, 4].map((k) => at(eye.contour, IRIS_CONTOUR.upper[k]!));
  const lower = [3, 4, 5].map((k) => at(eye.contour, IRIS_CONTOUR.lower[k]!));
  return eyePointsFromList([at(eye.contour, IRIS_CONTOUR.lower[0]), at(eye.contour, IRIS_CONTOUR.lower[8]), ...upper, ...lower, at(eye.iris, 0)]);
}

/** What both eyes say; null fields: the eye model gave nothing usable for them. */
export interface IrisReading {
  /** Eyelid opening ÷ eye width (Soukupová & Čech's ratio on the eye model's lids), the more open eye. */
  openness: number;
  /** Iris centre offset from the eyes' centre, in half eye widths, mean of both eyes (see the file comment). */
  gazeX: number;
  gazeY: number;
  /** Corner-to-corner width of the wider eye, frame pixels: how well the gaze can be read. */
  eyeWidth: number;
}

function distance(a: Point2, b: Point2): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function at(points: readonly Point2[], index: number): Point2 {
  const point = points[index];
  if (!point) throw new RangeError(`iris model has no contour point ${index} (got ${points.length})`);
  return point;
}

/** The eye's two corners, the one on the picture's left first. */
export function eyeCorners(eye: EyePoints): [Point2, Point2] {
  const [a, b] = eye.corners;
  return a.x <= b.x ? [a, b] : [b, a];
}

/**
 * Eyelid opening ÷ eye width: the mean gap between the lids at their three middle points (the face
 * mesh's 160/144, 159/145 and 158/153 on the picture's left eye), divided by the corner-to-corner
 * width. The same ratio as the face mesh's eye aspect ratio, on the eye model's sharper lids.
 */
export function irisOpenness(eye: EyePoints): number {
  const [left, right] = eyeCorners(eye);
  const width = distance(left, right);
  if (width <= 0) return 0;
  let gap = 0;
  for (let k = 0; k < 3; k++) gap += distance(eye.upperLid[k]!, eye.lowerLid[k]!);
  return gap / 3 / width;
}

/**
 * The iris centre against the eye's corners: along the corner-to-corner line (x) and across it
 * (y, toward the lower lid), from the corners' midpoint, in half eye widths. Using the eye's own
 * axis keeps a tilted head (roll) from reading as a vertical gaze.
 */
export function irisOffset(eye: EyePoints): Point2 {
  const [left, right] = eyeCorners(eye);
  const half = distance(left, right) / 2;
  if (half <= 0) return { x: 0, y: 0 };
  const ux = (right.x - left.x) / (2 * half);
  const uy = (right.y - left.y) / (2 * half);
  const centre = eye.irisCentre;
  const dx = centre.x - (left.x + right.x) / 2;
  const dy = centre.y - (left.y + right.y) / 2;
  return { x: (dx * ux + dy * uy) / half, y: (-dx * uy + dy * ux) / half };
}

/**
 * Both eyes together: the more open eye's openness (as meshEyeAspectRatio: a face turned aside
 * foreshortens the far eye, and one open eye is enough to read the screen), and the mean iris
 * offset, each eye weighted by its width (the far eye of a turned head is narrower and noisier).
 */
export function irisReading(eyes: readonly EyePoints[]): IrisReading | null {
  if (eyes.length === 0) return null;
  let openness = 0;
  let weight = 0;
  let gazeX = 0;
  let gazeY = 0;
  let eyeWidth = 0;
  for (const eye of eyes) {
    const [left, right] = eyeCorners(eye);
    const width = distance(left, right);
    eyeWidth = Math.max(eyeWidth, width);
    const offset = irisOffset(eye);
    openness = Math.max(openness, irisOpenness(eye));
    gazeX += offset.x * width;
    gazeY += offset.y * width;
    weight += width;
  }
  if (weight <= 0) return null;
  return { openness, gazeX: gazeX / weight, gazeY: gazeY / weight, eyeWidth };
}
