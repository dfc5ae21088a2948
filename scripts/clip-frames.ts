/**
 * Frames of a video file as the extension would see them: decoded by ffmpeg, optionally cropped,
 * scaled to a given width (height keeps the aspect, rounded to even), as packed RGBA. For the
 * attention measurements and tests that replay real webcam clips from ../shared/data.
 */
import { execFileSync } from 'node:child_process';

export interface RgbaFrame {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

const probed = new Map<string, { width: number; height: number }>();

export function videoSize(file: string): { width: number; height: number } {
  let size = probed.get(file);
  if (!size) {
    const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]).toString().trim();
    const [width, height] = out.split(',').map(Number) as [number, number];
    size = { width, height };
    probed.set(file, size);
  }
  return size;
}

function scaledHeight(region: { width: number; height: number }, width: number): number {
  return Math.round((width * region.height) / region.width / 2) * 2;
}

/** The frame at `seconds` (ffmpeg -ss), or the `crop` of it, scaled to `width`. */
export function frameAt(file: string, seconds: number, width: number, crop?: Region): RgbaFrame {
  const region = crop ?? { x: 0, y: 0, ...videoSize(file) };
  const height = scaledHeight(region, width);
  const filters = [...(crop ? [`crop=${crop.width}:${crop.height}:${crop.x}:${crop.y}`] : []), `scale=${width}:${height}`];
  const rgba = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-vf', filters.join(','), '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    maxBuffer: 1 << 24,
  });
  return { width, height, rgba: new Uint8Array(rgba) };
}

/** The first `seconds` of the clip at `fps`, scaled to `width`. */
export function framesOf(file: string, seconds: number, fps: number, width: number): RgbaFrame[] {
  const height = scaledHeight(videoSize(file), width);
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-t', String(seconds), '-vf', `fps=${fps},scale=${width}:${height}`, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    maxBuffer: 1 << 30,
  });
  const bytes = width * height * 4;
  const frames: RgbaFrame[] = [];
  for (let offset = 0; offset + bytes <= raw.length; offset += bytes) frames.push({ width, height, rgba: new Uint8Array(raw.subarray(offset, offset + bytes)) });
  return frames;
}
