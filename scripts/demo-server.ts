/**
 * Serves the bundled demo class page on loopback: http://127.0.0.1:PORT/raut-demo/.
 * http on loopback is a secure context, so getUserMedia works there.
 */
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { serveFolders } from './static-server.ts';

const DEMO_ROOT = resolve(import.meta.dirname, '../demo');

export const DEMO_MEDIA_PREFIX = '/raut-demo/media/';

export interface DemoServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves the demo folder; `mediaDir`, when given, at /raut-demo/media/ (same origin: a canvas may read it). */
export async function startDemoServer(port = 0, host = '127.0.0.1', mediaDir?: string): Promise<DemoServer> {
  const mounts = [{ prefix: '/', dir: DEMO_ROOT }, ...(mediaDir ? [{ prefix: DEMO_MEDIA_PREFIX, dir: mediaDir }] : [])];
  const { server, origin, close } = await serveFolders(mounts, { port, host });
  return { url: `${origin}/raut-demo/`, server, close };
}
