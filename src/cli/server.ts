import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary',
  '.scene': 'text/plain; charset=utf-8',
};

/** Receives one POSTed body; its promise settling is the reply (backpressure for the page). */
export type UploadHandler = (path: string, body: Uint8Array) => Promise<void>;

export interface AppServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Largest upload accepted: a 4K frame's layers with headroom. */
const MAX_BODY = 512 * 1024 * 1024;

/**
 * Serves the built app from `dir` on 127.0.0.1 (a free port) and hands POST /upload/... bodies to
 * `onUpload`. Raw bytes over loopback HTTP: the fastest way found to move frames out of the page.
 * GET /model/<sha256> answers with that model file from `models` (users' meshes, by SHA-256).
 */
export async function startServer(dir: string, onUpload: UploadHandler, models: ReadonlyMap<string, Uint8Array> = new Map()): Promise<AppServer> {
  const server: Server = createServer((req, res) => {
    handle(dir, onUpload, req, res, models).catch((e: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(e.message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(dir: string, onUpload: UploadHandler, req: IncomingMessage, res: ServerResponse, models: ReadonlyMap<string, Uint8Array>): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
    const body = await readBody(req);
    await onUpload(url.pathname.slice('/upload/'.length), body);
    res.writeHead(204).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  if (url.pathname.startsWith('/model/')) {
    const bytes = models.get(url.pathname.slice('/model/'.length));
    if (!bytes) res.writeHead(404, { 'content-type': 'text/plain' }).end('no such model');
    else res.writeHead(200, { 'content-type': 'model/gltf-binary', 'content-length': bytes.length, 'cache-control': 'no-store' }).end(req.method === 'GET' ? bytes : undefined);
    return;
  }
  const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
  const file = join(dir, rel);
  if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  createReadStream(file).pipe(res);
}

/**
 * The request body in one fresh buffer (offset 0, so decodeFrame can view its arrays in place):
 * sized from Content-Length when the page sends it (a Blob body always has one), each chunk copied
 * in once; ~9 MB a frame with every layer, where concatenating and then copying the arrays out
 * again cost two more copies and their garbage.
 */
function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const fixed = Number.isSafeInteger(declared) && declared >= 0 && declared <= MAX_BODY ? new Uint8Array(declared) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      if (size + c.length > (fixed ? fixed.length : MAX_BODY)) {
        reject(new Error(fixed ? `upload longer than its Content-Length of ${fixed.length} bytes` : `upload larger than ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      if (fixed) fixed.set(c, size);
      else chunks.push(c);
      size += c.length;
    });
    req.on('end', () => {
      if (fixed) {
        if (size !== fixed.length) reject(new Error(`upload of ${size} bytes, but its Content-Length said ${fixed.length}`));
        else resolve(fixed);
        return;
      }
      const all = Buffer.concat(chunks, size);
      resolve(new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
    });
    req.on('error', reject);
  });
}
