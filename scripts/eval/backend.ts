import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'wasm' | 'cpu';

/** Directory holding the backend's .wasm binaries (the brief's `node_modules/@tensorflow/tfjs-backend-wasm/dist/`). */
function wasmBinaryDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(packageJson), 'dist') + path.sep;
}

async function activateWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmBinaryDirectory());
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
}

/**
 * Selects the tfjs backend. wasm is the default because it is what the extension runs; when it
 * cannot start (missing binary, unsupported runtime) the eval still runs on cpu and says so.
 */
export async function activateBackend(requested: BackendName, warn: (message: string) => void): Promise<BackendName> {
  if (requested === 'wasm') {
    try {
      await activateWasm();
      await tf.ready();
      return 'wasm';
    } catch (error) {
      warn(`wasm backend failed (${(error as Error).message}); falling back to cpu`);
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
