import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import { PUBLIC_DIR } from '../paths.js';

/** From each asset's plain name (`application.css`) to the file that holds its current content. */
export type AssetManifest = Record<string, string>;

export const MANIFEST_FILE = 'manifest.json';

export class AssetsNotBuilt extends Error {
  constructor() {
    super(`No assets in ${PUBLIC_DIR}: run "npm run build" (npm start does it for you)`);
  }
}

export function readManifest(directory = PUBLIC_DIR): AssetManifest {
  try {
    return JSON.parse(readFileSync(path.join(directory, MANIFEST_FILE), 'utf8')) as AssetManifest;
  } catch {
    throw new AssetsNotBuilt();
  }
}

/** The address of an asset for a page: `/assets/application-1a2b3c4d5e.css`. */
export function assetUrl(manifest: AssetManifest, name: string): string {
  const file = manifest[name];
  if (!file) throw new Error(`No asset called ${name}`);
  return `/assets/${file}`;
}

interface Asset {
  type: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A fingerprinted name changes with its content, so a browser may keep it for a year without asking. */
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * Brotli when the browser takes it, else gzip, else none. Browsers list gzip first
 * ("gzip, deflate, br, zstd") at the same weight, so the header's order cannot decide.
 */
export function preferredEncoding(req: Request): 'br' | 'gzip' | undefined {
  if (req.acceptsEncodings('br') === 'br') return 'br';
  if (req.acceptsEncodings('gzip') === 'gzip') return 'gzip';
  return undefined;
}

/**
 * The CSS, scripts and icon, from memory: a handful of files built with their brotli and gzip
 * copies (src/build/assets.ts), answered without a file system call or any compressing.
 */
export function assetFiles(manifest: AssetManifest, directory = PUBLIC_DIR): RequestHandler {
  const assets = new Map<string, Asset>();
  for (const file of Object.values(manifest)) {
    const read = (suffix: string) => readFileSync(path.join(directory, file + suffix));
    assets.set(`/assets/${file}`, { type: TYPES[path.extname(file)] ?? 'application/octet-stream', identity: read(''), br: read('.br'), gzip: read('.gz') });
  }
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = assets.get(req.path);
    if (!asset) return next();
    const encoding = preferredEncoding(req);
    const bytes = encoding ? asset[encoding] : asset.identity;
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Cache-Control', FOREVER);
    res.setHeader('Vary', 'Accept-Encoding');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', bytes.length);
    res.status(200).end(req.method === 'HEAD' ? undefined : bytes);
  };
}
