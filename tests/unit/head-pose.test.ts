/**
 * The head-pose estimators recover known angles from a synthetic 3D head: a handful of landmark
 * points rotated by known yaw / pitch / roll and projected onto the picture (orthographic, scaled,
 * shifted), as a camera would see them.
 */
import { describe, expect, it } from 'vitest';
import {
  angleDifference,
  eyeAspectRatio,
  KEYPOINT_HEAD,
  MESH,
  meshEyeAspectRatio,
  poseFromKeypoints,
  poseFromMesh,
  rotateHeadPoint,
  type FaceKeypoints,
  type HeadPose,
  type Point3,
} from '../../src/shared/head-pose';

type Vec = [number, number, number];
const RAD = Math.PI / 180;

/** Head coordinates, in half tragion breadths: x to the picture's right, y down, z toward the camera. */
const HEAD = {
  ...KEYPOINT_HEAD,
  forehead: [0, -1.2, 0.9] as Vec,
  chin: [0, 1.45, 0.9] as Vec,
  cheekLeft: [-0.95, 0.1, 0.4] as Vec,
  cheekRight: [0.95, 0.1, 0.4] as Vec,
};

function rotate(point: readonly [number, number, number], pose: HeadPose): Vec {
  return rotateHeadPoint(point, pose.yaw * RAD, pose.pitch * RAD, pose.roll * RAD);
}

const SCALE = 40;
const SHIFT = { x: 160, y: 120 };

/** Picture coordinates; z as a face mesh gives it: same unit as x and y, growing away from the camera. */
function project(point: readonly [number, number, number], pose: HeadPose): Point3 {
  const [x, y, z] = rotate(point, pose);
  return { x: SHIFT.x + SCALE * x, y: SHIFT.y + SCALE * y, z: -SCALE * z };
}

function keypoints(pose: HeadPose): FaceKeypoints {
  const p = (v: readonly [number, number, number]) => project(v, pose);
  // BlazeFace lists the person's right eye first: the one on the picture's left.
  return { eyes: [p(HEAD.eyeLeft), p(HEAD.eyeRight)], nose: p(HEAD.nose), mouth: p(HEAD.mouth), ears: [p(HEAD.earLeft), p(HEAD.earRight)] };
}

function mesh(pose: HeadPose): Point3[] {
  const points: Point3[] = Array.from({ length: 468 }, () => ({ x: 0, y: 0, z: 0 }));
  points[MESH.forehead] = project(HEAD.forehead, pose);
  points[MESH.chin] = project(HEAD.chin, pose);
  points[MESH.cheekLeft] = project(HEAD.cheekLeft, pose);
  points[MESH.cheekRight] = project(HEAD.cheekRight, pose);
  return points;
}

const POSES: HeadPose[] = [];
for (const yaw of [-40, -25, -10, 0, 10, 25, 40]) {
  for (const pitch of [-25, -10, 0, 10, 25]) {
    for (const roll of [-10, 0, 12]) POSES.push({ yaw, pitch, roll });
  }
}

function worstError(estimate: (pose: HeadPose) => HeadPose, key: keyof HeadPose, poses = POSES): number {
  return Math.max(...poses.map((pose) => Math.abs(angleDifference(estimate(pose)[key], pose[key]))));
}

describe('poseFromMesh', () => {
  it('recovers yaw, pitch and roll of a rotated synthetic head within 1°', () => {
    const estimate = (pose: HeadPose) => poseFromMesh(mesh(pose));
    expect(worstError(estimate, 'yaw')).toBeLessThan(1);
    expect(worstError(estimate, 'pitch')).toBeLessThan(1);
    expect(worstError(estimate, 'roll')).toBeLessThan(1);
  });

  it('says which way: nose to the picture right is yaw > 0, face down is pitch > 0', () => {
    expect(poseFromMesh(mesh({ yaw: 30, pitch: 0, roll: 0 })).yaw).toBeGreaterThan(25);
    expect(poseFromMesh(mesh({ yaw: 0, pitch: 20, roll: 0 })).pitch).toBeGreaterThan(15);
  });

  it('names a missing landmark instead of returning NaN', () => {
    expect(() => poseFromMesh([{ x: 0, y: 0, z: 0 }])).toThrow(/no landmark/);
  });
});

describe('poseFromKeypoints (BlazeFace six points)', () => {
  const estimate = (pose: HeadPose) => poseFromKeypoints(keypoints(pose));

  it('recovers yaw and pitch within 5° over ±40° yaw, ±25° pitch and ±12° roll', () => {
    expect(worstError(estimate, 'yaw')).toBeLessThan(5);
    expect(worstError(estimate, 'pitch')).toBeLessThan(5);
  });

  it('recovers roll within 5° while yaw and pitch stay within ±25°', () => {
    const moderate = POSES.filter((pose) => Math.abs(pose.yaw) <= 25 && Math.abs(pose.pitch) <= 25);
    expect(worstError(estimate, 'roll', moderate)).toBeLessThan(5);
  });

  it('reads a frontal head as 0, 0, 0 whichever eye and ear come first', () => {
    const k = keypoints({ yaw: 0, pitch: 0, roll: 0 });
    const swapped: FaceKeypoints = { ...k, eyes: [k.eyes[1], k.eyes[0]], ears: [k.ears[1], k.ears[0]] };
    for (const pose of [poseFromKeypoints(k), poseFromKeypoints(swapped)]) {
      expect(Math.abs(pose.yaw)).toBeLessThan(0.01);
      expect(Math.abs(pose.pitch)).toBeLessThan(0.01);
      expect(Math.abs(pose.roll)).toBeLessThan(0.01);
    }
  });

  it('stays within 5° of yaw and pitch when every keypoint is off by up to 2 % of the face', () => {
    let seed = 3;
    const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2 * 0.02 * 2 * SCALE;
    const noisy = (p: { x: number; y: number }) => ({ x: p.x + jitter(), y: p.y + jitter() });
    const moderate = POSES.filter((pose) => Math.abs(pose.yaw) <= 25);
    const errors = moderate.map((pose) => {
      const k = keypoints(pose);
      const estimate = poseFromKeypoints({ eyes: [noisy(k.eyes[0]), noisy(k.eyes[1])], nose: noisy(k.nose), mouth: noisy(k.mouth), ears: [noisy(k.ears[0]), noisy(k.ears[1])] });
      return Math.max(Math.abs(estimate.yaw - pose.yaw), Math.abs(estimate.pitch - pose.pitch));
    });
    expect(Math.max(...errors)).toBeLessThan(5);
  });

  it('gives finite angles for degenerate keypoints (all in one place)', () => {
    const p = { x: 10, y: 10 };
    const pose = poseFromKeypoints({ eyes: [p, p], nose: p, mouth: p, ears: [p, p] });
    expect([pose.yaw, pose.pitch, pose.roll].every(Number.isFinite)).toBe(true);
  });
});

describe('eye aspect ratio', () => {
  /** One eye 30 px wide with lids `gap` px apart, placed at the given mesh indices. */
  function eye(points: Point3[], indices: readonly number[], cx: number, gap: number): void {
    const [p1, p2, p3, p4, p5, p6] = indices as [number, number, number, number, number, number];
    points[p1] = { x: cx - 15, y: 100, z: 0 };
    points[p4] = { x: cx + 15, y: 100, z: 0 };
    points[p2] = { x: cx - 5, y: 100 - gap / 2, z: 0 };
    points[p3] = { x: cx + 5, y: 100 - gap / 2, z: 0 };
    points[p6] = { x: cx - 5, y: 100 + gap / 2, z: 0 };
    points[p5] = { x: cx + 5, y: 100 + gap / 2, z: 0 };
  }

  it('is the lid gap over the eye width, and the wider eye counts', () => {
    const points: Point3[] = Array.from({ length: 468 }, () => ({ x: 0, y: 0, z: 0 }));
    eye(points, MESH.eyeA, 100, 9);
    eye(points, MESH.eyeB, 200, 3);
    expect(eyeAspectRatio(points, MESH.eyeA)).toBeCloseTo(0.3, 6);
    expect(eyeAspectRatio(points, MESH.eyeB)).toBeCloseTo(0.1, 6);
    expect(meshEyeAspectRatio(points)).toBeCloseTo(0.3, 6);
  });
});

describe('angleDifference', () => {
  it('wraps around ±180', () => {
    expect(angleDifference(170, -170)).toBe(-20);
    expect(angleDifference(-170, 170)).toBe(20);
    expect(angleDifference(10, 10)).toBe(0);
    expect(angleDifference(0, 180)).toBe(180);
  });
});
