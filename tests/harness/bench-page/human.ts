/**
 * @vladmandic/human's browser ESM build (dist/human.esm.js, which the package's `import` export names; it bundles its own TensorFlow.js 4.22): its face detector
 * (BlazeFace back) + emotion model only; mesh, iris, description, body, hands, objects, gestures,
 * segmentation and the image filter are off, and result caching/frame skipping is disabled so every
 * call does the full work.
 */
import { Human, type Config } from '@vladmandic/human';
import { isExpression, type Expression } from '../../../src/shared/taxonomy';
import { exposePipeline, servedUrl } from './pipeline';

const NO_SKIPPING = { skipFrames: 0, skipTime: 0 };
let human: Human | null = null;

const config: Partial<Config> = {
  wasmPath: servedUrl('wasm/tfjs/'),
  modelBasePath: servedUrl('human-models/'),
  debug: false,
  async: false,
  warmup: 'none',
  cacheModels: false,
  cacheSensitivity: 0,
  filter: { enabled: false },
  gesture: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 1, ...NO_SKIPPING },
    mesh: { enabled: false },
    attention: { enabled: false },
    iris: { enabled: false },
    description: { enabled: false },
    emotion: { enabled: true, ...NO_SKIPPING },
    antispoof: { enabled: false },
    liveness: { enabled: false },
    gear: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
};

exposePipeline({
  async load(backend) {
    human = new Human({ ...config, backend });
    await human.load();
    await human.tf.ready();
    const running = human.tf.getBackend();
    if (running !== backend) throw new Error(`human is on ${running}, not ${backend}`);
    return `human ${human.version} face detector + emotion on ${running}`;
  },
  async analyse(frame) {
    if (!human) throw new Error('human: analyse before load');
    const result = await human.detect(frame);
    let best: Expression | null = null;
    let bestScore = -Infinity;
    for (const { emotion, score } of result.face[0]?.emotion ?? []) {
      if (isExpression(emotion) && score > bestScore) [best, bestScore] = [emotion, score];
    }
    return best;
  },
});
