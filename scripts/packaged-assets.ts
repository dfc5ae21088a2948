/**
 * Runtime files that ship inside the extension package, copied from node_modules and models/ by
 * the build (vite.config.ts). Never fetched from a CDN. Test and bench pages serve the same files
 * at the same paths, so the engine finds them exactly as it does in the extension.
 */
import { join } from 'node:path';
import type { Mount } from './static-server.ts';

export interface PackagedAsset {
  /** Folder relative to the repository root. */
  from: string;
  /** Folder inside the extension package. */
  to: string;
  filter?: (name: string) => boolean;
}

export const PACKAGED_ASSETS: readonly PackagedAsset[] = [
  { from: 'models/human-emotion', to: 'models/human-emotion' },
  { from: 'models/blazeface', to: 'models/blazeface' },
  // The eye net for gaze and eyelids (src/offscreen/attention/eye-net.ts), trained here (training/eye_net.py) and committed.
  { from: 'models/eye-net', to: 'models/eye-net' },
  // tasks-vision's package "exports" hides wasm/*, so copy it by path.
  { from: 'node_modules/@mediapipe/tasks-vision/wasm', to: 'wasm/tasks-vision' },
  { from: 'node_modules/@tensorflow/tfjs-backend-wasm/dist', to: 'wasm/tfjs', filter: (name) => name.endsWith('.wasm') },
];

/** The packaged folders as URL mounts for a loopback page server. */
export function packagedAssetMounts(root: string): Mount[] {
  return PACKAGED_ASSETS.map((asset) => ({ prefix: `/${asset.to}/`, dir: join(root, asset.from) }));
}
