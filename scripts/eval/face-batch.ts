import type * as tf from '@tensorflow/tfjs';
import type { RawImage } from './labeled-image';

const sameShape = (a: RawImage, b: RawImage): boolean => a.width === b.width && a.height === b.height && a.channels === b.channels;

function stackUniform(tfjs: typeof tf, images: readonly RawImage[]): tf.Tensor4D {
  const { width, height, channels } = images[0] as RawImage;
  const values = new Float32Array(images.length * width * height * channels);
  images.forEach((image, i) => {
    const offset = i * image.data.length;
    for (let j = 0; j < image.data.length; j++) values[offset + j] = (image.data[j] as number) / 255;
  });
  return tfjs.tensor4d(values, [images.length, height, width, channels]);
}

/**
 * Images of mixed sizes or channel counts are first brought to one shape: gray is repeated into
 * RGB and each is resized (bilinear, like every adapter's own resize) to `commonSize`, the model's
 * input side, so the adapter's resize afterwards is the identity.
 */
function stackMixed(tfjs: typeof tf, images: readonly RawImage[], commonSize: number): tf.Tensor4D {
  const anyColor = images.some((image) => image.channels === 3);
  return tfjs.tidy(() => {
    const faces = images.map((image) => {
      let face = stackUniform(tfjs, [image]);
      if (anyColor && image.channels === 1) face = tfjs.tile(face, [1, 1, 1, 3]);
      return tfjs.image.resizeBilinear(face, [commonSize, commonSize], false);
    });
    return tfjs.concat(faces, 0);
  });
}

/** Face images → one [n, h, w, c] tensor with values 0..1, the input every adapter's `preprocess` takes. */
export function toFaceBatch(tfjs: typeof tf, images: readonly RawImage[], commonSize: number): tf.Tensor4D {
  const first = images[0];
  if (!first) throw new Error('empty batch');
  return images.every((image) => sameShape(image, first)) ? stackUniform(tfjs, images) : stackMixed(tfjs, images, commonSize);
}
