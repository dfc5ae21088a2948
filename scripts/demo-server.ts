/**
 * Serves the bundled demo class page on loopback: http://127.0.0.1:PORT/raut-demo/.
 * http on loopback is a secure context, so getUserMedia works there.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';

const DEMO_ROOT = resolve(import.meta.dirname, '../demo');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface DemoServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startDemoServer(port = 0, host = '127.0.0.1'): Promise<DemoServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = normalize(resolve(DEMO_ROOT, `.${path.endsWith('/') ? `${path}index.html` : path}`));
    if (!file.startsWith(DEMO_ROOT + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });
  await new Promise<void>((resolvePromise) => server.listen(port, host, resolvePromise));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${actualPort}/raut-demo/`,
    server,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
