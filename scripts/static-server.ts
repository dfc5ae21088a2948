/**
 * A small static file server on loopback, shared by the demo class page (scripts/demo-server.ts)
 * and the browser tests. Each mount maps a URL prefix to a folder; the longest matching prefix
 * wins. A URL path is decoded and normalised, and anything that would land outside its mounted
 * folder is refused (403). A path ending in `/` serves the index file of that folder. Unmounted
 * paths and missing files are 404, a malformed escape is 400.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

export interface Mount {
  /** URL path prefix, starting and ending with `/`. */
  prefix: string;
  /** Folder served under the prefix. */
  dir: string;
}

export interface StaticServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** File served for a path ending in `/`; default index.html. */
  index?: string;
}

export interface StaticServer {
  server: Server;
  /** `http://HOST:PORT`, without a trailing slash. */
  origin: string;
  close(): Promise<void>;
}

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.tflite': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.webm': 'video/webm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type Resolution = { file: string } | { status: 400 | 403 | 404 };

/** What a URL path names among the mounts: a file inside a mounted folder, or an error status. */
export function resolvePath(urlPath: string, mounts: readonly Mount[], index = 'index.html'): Resolution {
  const mount = [...mounts]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find(({ prefix }) => urlPath.startsWith(prefix));
  if (!mount) return { status: 404 };
  let relativePath: string;
  try {
    relativePath = decodeURIComponent(urlPath.slice(mount.prefix.length));
  } catch {
    return { status: 400 };
  }
  if (relativePath === '' || relativePath.endsWith('/')) relativePath += index;
  const dir = resolve(mount.dir);
  const file = normalize(join(dir, relativePath));
  return file.startsWith(dir + sep) ? { file } : { status: 403 };
}

const STATUS_TEXT: Record<number, string> = { 400: 'bad request', 403: 'forbidden', 404: 'not found' };

/** Serves the mounted folders until close(). */
export async function serveFolders(mounts: readonly Mount[], options: StaticServerOptions = {}): Promise<StaticServer> {
  const { host = '127.0.0.1', port = 0, index = 'index.html' } = options;
  const fail = (response: ServerResponse, status: number) =>
    response.writeHead(status, { 'content-type': 'text/plain' }).end(STATUS_TEXT[status]);
  const server = createServer((request, response) => {
    const resolution = resolvePath(new URL(request.url ?? '/', 'http://localhost').pathname, mounts, index);
    if ('status' in resolution) {
      fail(response, resolution.status);
      return;
    }
    readFile(resolution.file).then(
      (body) => response.writeHead(200, { 'content-type': contentTypeFor(resolution.file) }).end(body),
      () => fail(response, 404),
    );
  });
  await new Promise<void>((listening) => server.listen(port, host, listening));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
