/** Builds the 640×480 camera frames from the face photos, in whichever realm calls it. */
import { CAMERA, type FrameSpec } from './api';

async function loadPhoto(name: string): Promise<ImageBitmap> {
  const response = await fetch(`/photos/${encodeURIComponent(name)}`);
  if (!response.ok) throw new Error(`photo ${name}: HTTP ${response.status}`);
  return createImageBitmap(await response.blob());
}

/** One canvas per spec, standing in for the class's <video> element. */
export async function stageFrames(specs: FrameSpec[]): Promise<HTMLCanvasElement[]> {
  const photos = new Map<string, ImageBitmap>();
  const canvases: HTMLCanvasElement[] = [];
  for (const spec of specs) {
    let photo = photos.get(spec.photo);
    if (!photo) {
      photo = await loadPhoto(spec.photo);
      photos.set(spec.photo, photo);
    }
    const canvas = document.createElement('canvas');
    canvas.width = CAMERA.width;
    canvas.height = CAMERA.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('2D canvas unavailable');
    context.drawImage(photo, spec.x, spec.y, spec.width, spec.height, 0, 0, CAMERA.width, CAMERA.height);
    canvases.push(canvas);
  }
  for (const photo of photos.values()) photo.close();
  return canvases;
}
