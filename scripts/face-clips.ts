/**
 * Builds fake-camera clips for the demo and the end-to-end tests from a real face photo that a dependency ships
 * (@vladmandic/face-api/demo/sample1.jpg, MIT): one smiling face, cropped to 640×480, with a slow
 * pan so consecutive frames differ like a webcam's. Cached in the OS temp folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PHOTO = resolve(import.meta.dirname, '../node_modules/@vladmandic/face-api/demo/sample1.jpg');
/** Where the right-hand person's face sits in sample1.jpg (1920×1280), with room to pan. */
const CROP = { x: 1240, y: 100, width: 680, height: 510 };

export function ffmpegAvailable(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function faceClip(): string {
  const dir = join(tmpdir(), 'raut-test-media');
  const out = join(dir, 'face-sample1-640x480.y4m');
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const seconds = 4;
  const fps = 10;
  // Pan 40 px across the crop and back over the clip: x = 20 + 20·sin(2πt/T).
  const filter = [
    `crop=${CROP.width}:${CROP.height}:${CROP.x}:${CROP.y}`,
    `crop=640:480:'20+20*sin(2*PI*t/${seconds})':'15+15*cos(2*PI*t/${seconds})'`,
    'format=yuv420p',
  ].join(',');
  execFileSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-loop', '1', '-framerate', String(fps), '-i', PHOTO, '-t', String(seconds), '-vf', filter, '-pix_fmt', 'yuv420p', out],
    { stdio: 'inherit' },
  );
  return out;
}

/**
 * The same face clip as WebM (VP8), for browsers without a file-fed fake camera (Firefox): the
 * test's page plays it into a canvas and hands out canvas.captureStream() as the camera.
 */
export function faceClipWebm(): string {
  const out = join(tmpdir(), 'raut-test-media', 'face-sample1-640x480.webm');
  if (existsSync(out)) return out;
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', faceClip(), '-c:v', 'libvpx', '-b:v', '1M', '-an', out], { stdio: 'inherit' });
  return out;
}

/** A clip with no face in it (ffmpeg's moving test pattern), for "not detected" paths. */
export function noFaceClip(): string {
  const dir = join(tmpdir(), 'raut-test-media');
  const out = join(dir, 'no-face-640x480.y4m');
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=10', '-t', '4', '-pix_fmt', 'yuv420p', out], {
    stdio: 'inherit',
  });
  return out;
}
