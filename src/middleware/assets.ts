import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sendEncoded, type Encoded, type FastLane } from '../http/fast-lane.js';
import { PUBLIC_DIR } from '../paths.js';

/** From each asset's plain name (`application.css`) to the file that holds its current content. */
export type AssetManifest = Record<string, string>;

export const MANIFEST_FILE = 'manifest.json';

class AssetsNotBuilt extends Error {
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

/** The content of a built asset, for a page that draws it inline (the flag in the header). */
export function assetText(manifest: AssetManifest, name: string, directory = PUBLIC_DIR): string {
  const file = manifest[name];
  if (!file) throw new Error(`No asset called ${name}`);
  return readFileSync(path.join(directory, file), 'utf8');
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A fingerprinted name changes with its content, so a browser may keep it for a year without asking. */
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * The CSS, scripts and icon, from memory: a handful of files built with their brotli and gzip
 * copies (src/build/assets.ts), answered without a file system call or any compressing.
 */
export function assetFiles(manifest: AssetManifest, security: Readonly<Record<string, string>>, directory = PUBLIC_DIR): FastLane {
  const assets = new Map<string, { headers: Record<string, string>; body: Encoded }>();
  for (const file of Object.values(manifest)) {
    const read = (suffix: string) => readFileSync(path.join(directory, file + suffix));
    assets.set(`/assets/${file}`, {
      headers: { ...security, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': FOREVER, Vary: 'Accept-Encoding' },
      body: { identity: read(''), br: read('.br'), gzip: read('.gz') },
    });
  }
  return (req, res, pathname) => {
    const asset = assets.get(pathname);
    if (!asset) return false;
    sendEncoded(req, res, asset.headers, asset.body);
    return true;
  };
}
