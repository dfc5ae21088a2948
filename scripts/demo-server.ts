/**
 * Serves the bundled demo class page on loopback: http://127.0.0.1:PORT/raut-demo/.
 * http on loopback is a secure context, so getUserMedia works there.
 */
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { serveFolders } from './static-server.ts';

const DEMO_ROOT = resolve(import.meta.dirname, '../demo');

export interface DemoServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startDemoServer(port = 0, host = '127.0.0.1'): Promise<DemoServer> {
  const { server, origin, close } = await serveFolders([{ prefix: '/', dir: DEMO_ROOT }], { port, host });
  return { url: `${origin}/raut-demo/`, server, close };
}
