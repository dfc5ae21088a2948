/**
 * A recording "proxy" on loopback: Chromium is told to send every non-loopback request through
 * it, and it refuses them all while writing down where they were going. A test then asserts the
 * list is empty: no network request left the machine.
 */
import { createServer, type Server } from 'node:http';

export interface EgressRecorder {
  proxyArg: string;
  attempts: string[];
  close(): Promise<void>;
}

export async function startEgressRecorder(): Promise<EgressRecorder> {
  const attempts: string[] = [];
  const server: Server = createServer((request, response) => {
    attempts.push(`${request.method} ${request.url}`);
    response.writeHead(502).end('blocked by the Raut test: no request may leave the machine');
  });
  server.on('connect', (request, socket) => {
    attempts.push(`CONNECT ${request.url}`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    proxyArg: `--proxy-server=http://127.0.0.1:${port}`,
    attempts,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
