import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePath, serveFolders, type StaticServer } from '../../scripts/static-server.ts';

/** GET with the path sent as written: fetch would normalise `..` away before it left. */
function get(origin: string, path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((done, failed) => {
    request(`${origin}/`, { path }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        done({ status: response.statusCode ?? 0, type: response.headers['content-type'], body: Buffer.concat(chunks).toString() }),
      );
    })
      .on('error', failed)
      .end();
  });
}

describe('static server', () => {
  let root: string;
  let served: StaticServer;

  beforeAll(async () => {
    // root/site is mounted at /, root/assets at /static/; root/secret.txt is beside both, not in either.
    root = mkdtempSync(join(tmpdir(), 'raut-static-server-'));
    for (const dir of ['site/sub', 'assets']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'secret.txt'), 'secret');
    writeFileSync(join(root, 'site/index.html'), '<p>home</p>');
    writeFileSync(join(root, 'site/sub/index.html'), '<p>sub</p>');
    writeFileSync(join(root, 'site/app.js'), 'export {};');
    for (const name of ['a.mjs', 'a.css', 'a.json', 'a.wasm', 'a.jpg', 'a.png', 'a.tflite', 'a.bin', 'a.xyz', 'a b.json']) {
      writeFileSync(join(root, 'assets', name), name);
    }
    served = await serveFolders([
      { prefix: '/', dir: join(root, 'site') },
      { prefix: '/static/', dir: join(root, 'assets') },
    ]);
  });

  afterAll(async () => {
    await served?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('listens on loopback and serves a file', async () => {
    expect(served.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(served.origin, '/app.js')).toEqual({ status: 200, type: 'text/javascript; charset=utf-8', body: 'export {};' });
  });

  it('serves the index file for / and for a folder path', async () => {
    expect(await get(served.origin, '/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<p>home</p>' });
    expect(await get(served.origin, '/sub/')).toMatchObject({ status: 200, body: '<p>sub</p>' });
  });

  it('maps each prefix to its folder, the longest prefix first, and decodes the path', async () => {
    expect(await get(served.origin, '/static/a.json')).toMatchObject({ status: 200, body: 'a.json' });
    expect(await get(served.origin, '/static/a%20b.json')).toMatchObject({ status: 200, body: 'a b.json' });
    expect((await get(served.origin, '/static/index.html')).status).toBe(404); // not the / mount's file
  });

  it('gives each known extension its content type, octet-stream otherwise', async () => {
    const expected: Record<string, string> = {
      'a.mjs': 'text/javascript; charset=utf-8',
      'a.css': 'text/css; charset=utf-8',
      'a.json': 'application/json',
      'a.wasm': 'application/wasm',
      'a.jpg': 'image/jpeg',
      'a.png': 'image/png',
      'a.tflite': 'application/octet-stream',
      'a.bin': 'application/octet-stream',
      'a.xyz': 'application/octet-stream',
    };
    for (const [name, type] of Object.entries(expected)) {
      expect(await get(served.origin, `/static/${name}`), name).toMatchObject({ status: 200, type });
    }
  });

  it('is 404 for a missing file or folder index', async () => {
    expect((await get(served.origin, '/missing.html')).status).toBe(404);
    expect((await get(served.origin, '/static/')).status).toBe(404);
    expect((await get(served.origin, '/static/nope/a.json')).status).toBe(404);
  });

  it('never serves a file outside the mounted folders', async () => {
    const paths = [
      '/../secret.txt',
      '/static/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/static/%2e%2e/%2e%2e/secret.txt',
      '/static/..%2f..%2fsecret.txt',
      '/static/..%2F..%2Fsecret.txt',
      '/..%5csecret.txt',
    ];
    for (const path of paths) {
      const response = await get(served.origin, path);
      expect(response.body, path).not.toBe('secret');
      expect(response.status, path).toBeGreaterThanOrEqual(400);
    }
    // Encoded separators survive URL parsing, so these reach the folder check and are refused there.
    expect((await get(served.origin, '/static/..%2f..%2fsecret.txt')).status).toBe(403);
    expect((await get(served.origin, '/%2e%2e%2fsecret.txt')).status).toBe(403);
  });

  it('is 400 for a malformed escape', async () => {
    expect((await get(served.origin, '/%E0%A4%A')).status).toBe(400);
  });

  it('resolvePath refuses traversal and unmounted paths without a server', () => {
    const mounts = [{ prefix: '/static/', dir: join(root, 'assets') }];
    expect(resolvePath('/static/a.json', mounts)).toEqual({ file: join(root, 'assets', 'a.json') });
    expect(resolvePath('/static/../secret.txt', mounts)).toEqual({ status: 403 });
    expect(resolvePath('/static/%2e%2e/secret.txt', mounts)).toEqual({ status: 403 });
    expect(resolvePath('/elsewhere.txt', mounts)).toEqual({ status: 404 });
  });
});
