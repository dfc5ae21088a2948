/**
 * Head pose and eye openness from face landmarks: pure geometry, no model. Two routes:
 * BlazeFace's six 2D keypoints (free: the detector already returns them) and face-mesh landmarks
 * (3D). docs/engagement.md says which route Raut uses and why.
 *
 * Conventions, in degrees, in the picture as the camera sees it (not mirrored):
 * yaw > 0 when the nose turns toward the picture's right, pitch > 0 when the face tilts down,
 * roll > 0 when the eye line turns clockwise (its right end lower).
 */

export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

export interface Point2 {
  x: number;
  y: number;
}

export interface Point3 extends Point2 {
  z: number;
}

/** BlazeFace short range's keypoints, in pixels (the model's order: eyes, nose tip, mouth, ear tragions). */
export interface FaceKeypoints {
  eyes: [Point2, Point2];
  nose: Point2;
  mouth: Point2;
  ears: [Point2, Point2];
}

const DEG = 180 / Math.PI;

/**
 * A head as the keypoint route models it: BlazeFace's six points in head coordinates (x to the
 * picture's right, y down, z toward the camera), in units of half the tragion-to-tragion breadth.
 * Anthropometric values (head breadth ≈ 14.5 cm; nose tip ≈ 10 cm in front of the tragions and
 * ≈ 1.5 cm below them; eyes ≈ 3.3 cm from the midline, 2.5 cm above the tragions).
 */
export const KEYPOINT_HEAD = {
  eyeLeft: [-0.45, -0.35, 1.0],
  eyeRight: [0.45, -0.35, 1.0],
  nose: [0, 0.2, 1.4],
  mouth: [0, 0.75, 1.2],
  earLeft: [-1, 0, 0],
  earRight: [1, 0, 0],
} as const satisfies Record<string, readonly [number, number, number]>;

type ModelPoint = readonly [number, number, number];

/** R = yaw (about the vertical) · pitch (nose down > 0) · roll (clockwise in the picture > 0), radians. */
export function rotateHeadPoint([x, y, z]: ModelPoint, yaw: number, pitch: number, roll: number): [number, number, number] {
  const [cy, sy] = [Math.cos(yaw), Math.sin(yaw)];
  const [cp, sp] = [Math.cos(pitch), Math.sin(pitch)];
  const [cr, sr] = [Math.cos(roll), Math.sin(roll)];
  const [x1, y1] = [x * cr - y * sr, x * sr + y * cr];
  const [y2, z2] = [y1 * cp + z * sp, -y1 * sp + z * cp];
  return [x1 * cy + z2 * sy, y2, -x1 * sy + z2 * cy];
}

function sortedByX(a: Point2, b: Point2): [Point2, Point2] {
  return a.x <= b.x ? [a, b] : [b, a];
}

function rotate(p: Point2, center: Point2, angle: number): Point2 {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const dx = p.x - center.x;
  const dy = p.y - center.y;
  return { x: center.x + dx * cos - dy * sin, y: center.y + dx * sin + dy * cos };
}


function clampUnit(value: number): number {
  return Math.max(-1, Math.min(1, value));
}

/** Closed-form first guess: roll from the eye line; yaw and pitch from the nose against the ear tragions. */
function keypointGuess(k: FaceKeypoints): number[] {
  const [eyeLeft, eyeRight] = sortedByX(k.eyes[0], k.eyes[1]);
  const roll = Math.atan2(eyeRight.y - eyeLeft.y, eyeRight.x - eyeLeft.x);
  const [earA, earB] = sortedByX(k.ears[0], k.ears[1]);
  const center = { x: (earA.x + earB.x) / 2, y: (earA.y + earB.y) / 2 };
  const nose = rotate(k.nose, center, -roll);
  const halfWidth = Math.max(1e-6, Math.hypot(earB.x - earA.x, earB.y - earA.y) / 2);
  const [, drop, depth] = KEYPOINT_HEAD.nose;
  const yaw = Math.atan((nose.x - center.x) / halfWidth / depth);
  const pitch = Math.asin(clampUnit(((nose.y - center.y) / halfWidth) * Math.cos(yaw) / Math.hypot(drop, depth))) - Math.atan2(drop, depth);
  const scale = halfWidth / Math.max(0.2, Math.cos(yaw));
  return [yaw, pitch, roll, scale, center.x, center.y];
}

/** Picture positions of the model's points for [yaw, pitch, roll, scale, shiftX, shiftY] (orthographic). */
function projectModel(params: readonly number[]): number[] {
  const [yaw, pitch, roll, scale, shiftX, shiftY] = params as [number, number, number, number, number, number];
  const out: number[] = [];
  for (const point of KEYPOINT_ORDER.map((name) => KEYPOINT_HEAD[name])) {
    const [x, y] = rotateHeadPoint(point, yaw, pitch, roll);
    out.push(shiftX + scale * x, shiftY + scale * y);
  }
  return out;
}

const KEYPOINT_ORDER = ['eyeLeft', 'eyeRight', 'nose', 'mouth', 'earLeft', 'earRight'] as const;

/** Solves the 6×6 system a·x = b by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(m[row]![col]!) > Math.abs(m[pivot]![col]!)) pivot = row;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let row = col + 1; row < n; row++) {
      const factor = m[row]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[row]![k]! -= factor * m[col]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = m[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= m[row]![k]! * x[k]!;
    x[row] = sum / m[row]![row]!;
  }
  return x;
}

/**
 * Yaw, pitch and roll from BlazeFace's six 2D keypoints: the rotation (and scale and shift) that
 * best lays KEYPOINT_HEAD's points onto them under an orthographic camera, by a few damped
 * Gauss-Newton steps from a closed-form guess. Which eye/ear is which does not matter: each pair
 * is taken left to right in the picture.
 */
export function poseFromKeypoints(k: FaceKeypoints): HeadPose {
  const [eyeLeft, eyeRight] = sortedByX(k.eyes[0], k.eyes[1]);
  const [earLeft, earRight] = sortedByX(k.ears[0], k.ears[1]);
  const observed = [eyeLeft, eyeRight, k.nose, k.mouth, earLeft, earRight].flatMap((p) => [p.x, p.y]);
  let params = keypointGuess(k);
  const residuals = (p: readonly number[]) => projectModel(p).map((value, i) => (observed[i] as number) - value);
  let error = residuals(params).reduce((sum, r) => sum + r * r, 0);
  let damping = 1e-3;
  for (let step = 0; step < 30 && Number.isFinite(error); step++) {
    const r = residuals(params);
    const jacobian = params.map((_, j) => {
      const h = j < 3 ? 1e-4 : Math.max(1e-4, Math.abs(params[j] as number) * 1e-4);
      const moved = [...params];
      moved[j] = (moved[j] as number) + h;
      const projected = projectModel(moved);
      const base = projectModel(params);
      return projected.map((value, i) => (value - (base[i] as number)) / h);
    });
    const jtj = jacobian.map((a) => jacobian.map((b) => a.reduce((sum, v, i) => sum + v * (b[i] as number), 0)));
    const jtr = jacobian.map((a) => a.reduce((sum, v, i) => sum + v * (r[i] as number), 0));
    jtj.forEach((row, i) => (row[i] = (row[i] as number) * (1 + damping)));
    const delta = solve(jtj, jtr);
    if (!delta) break;
    const next = params.map((value, i) => value + (delta[i] as number));
    const nextError = residuals(next).reduce((sum, v) => sum + v * v, 0);
    if (nextError < error) {
      const converged = error - nextError < 1e-10 * (1 + error);
      [params, error, damping] = [next, nextError, damping / 3];
      if (converged) break;
    } else {
      damping *= 10;
    }
  }
  const [yaw, pitch, roll] = params as [number, number, number];
  return { yaw: yaw * DEG, pitch: pitch * DEG, roll: roll * DEG };
}

/** Face-mesh landmark indices the pose and the eye aspect ratio use (MediaPipe's 468-point topology). */
export const MESH = {
  forehead: 10,
  chin: 152,
  /** Cheek edges: 234 appears on the picture's left for a face looking at the camera, 454 on its right. */
  cheekLeft: 234,
  cheekRight: 454,
  /** Per eye: outer corner, two upper-lid points, inner corner, two lower-lid points (p1…p6). */
  eyeA: [33, 160, 158, 133, 153, 144],
  eyeB: [362, 385, 387, 263, 373, 380],
} as const;

type Vector = [number, number, number];

function sub(a: Point3, b: Point3): Vector {
  return [a.x - b.x, a.y - b.y, a.z - b.z];
}

function normalize(v: Vector): Vector {
  const length = Math.hypot(...v) || 1;
  return [v[0] / length, v[1] / length, v[2] / length];
}

function cross(a: Vector, b: Vector): Vector {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function landmark(mesh: readonly Point3[], index: number): Point3 {
  const point = mesh[index];
  if (!point) throw new RangeError(`face mesh has no landmark ${index} (got ${mesh.length} points)`);
  return point;
}

/**
 * Head pose from 3D face-mesh landmarks (x right, y down, z away from the camera, all in the
 * same unit), the face's own axes as @vladmandic/human builds them: across from cheek to cheek,
 * down from forehead to chin. Their cross product points out of the face; its direction gives
 * yaw and pitch. The rotation is read as yaw (about the vertical), then pitch, then roll.
 */
export function poseFromMesh(mesh: readonly Point3[]): HeadPose {
  const across = normalize(sub(landmark(mesh, MESH.cheekRight), landmark(mesh, MESH.cheekLeft)));
  const down = normalize(sub(landmark(mesh, MESH.chin), landmark(mesh, MESH.forehead)));
  const out = normalize(cross(down, across)); // toward the camera: z < 0 for a frontal face
  // With R = yaw·pitch·roll: out = (cos p·sin y, sin p, −cos p·cos y); the y row of R gives roll.
  const yaw = Math.atan2(out[0], -out[2]);
  const pitch = Math.asin(clampUnit(out[1]));
  const roll = Math.atan2(across[1], down[1]);
  return { yaw: yaw * DEG, pitch: pitch * DEG, roll: roll * DEG };
}

function distance(a: Point2, b: Point2): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Soukupová & Čech's eye aspect ratio for one eye: (|p2−p6| + |p3−p5|) / (2·|p1−p4|), in the picture. */
export function eyeAspectRatio(mesh: readonly Point3[], eye: readonly number[]): number {
  const [p1, p2, p3, p4, p5, p6] = eye.map((index) => landmark(mesh, index));
  const width = distance(p1 as Point3, p4 as Point3);
  if (width <= 0) return 0;
  return (distance(p2 as Point3, p6 as Point3) + distance(p3 as Point3, p5 as Point3)) / (2 * width);
}

/**
 * Both eyes' ratio. The larger one is used: a face turned aside foreshortens the far eye, and one
 * open eye is enough to read the screen.
 */
export function meshEyeAspectRatio(mesh: readonly Point3[]): number {
  return Math.max(eyeAspectRatio(mesh, MESH.eyeA), eyeAspectRatio(mesh, MESH.eyeB));
}

/** Smallest signed difference between two angles in degrees (−180, 180]. */
export function angleDifference(a: number, b: number): number {
  const d = (((a - b) % 360) + 540) % 360 - 180;
  return d === -180 ? 180 : d;
}
