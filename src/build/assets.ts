import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { GOVUK_DIR, PROJECT_ROOT, PUBLIC_DIR } from '../paths.js';
import { MANIFEST_FILE, type AssetManifest } from '../middleware/assets.js';

const SOURCE = path.join(PROJECT_ROOT, 'src', 'assets');
const GOVUK_SCRIPT = path.join(GOVUK_DIR, 'govuk', 'govuk-frontend.min.js');
/** What the build read last time; an unchanged input skips the build. */
const STAMP_FILE = '.inputs';

/** A file's name with the first characters of its content's hash: a new version is a new address. */
function fingerprinted(name: string, bytes: Buffer): string {
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 10).replace(/[-_]/g, 'x');
  const extension = path.extname(name);
  return `${path.basename(name, extension)}-${hash}${extension}`;
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(SOURCE)).sort()) hash.update(name).update(await readFile(path.join(SOURCE, name)));
  hash.update(await readFile(GOVUK_SCRIPT));
  hash.update(await readFile(path.join(GOVUK_DIR, '..', 'package.json')));
  hash.update(await readFile(new URL(import.meta.url)));
  return hash.digest('hex');
}

async function compileCss(): Promise<Buffer> {
  // Loaded here, not at the top: a start that finds the build up to date never pays for Sass.
  const sass = await import('sass');
  const css = sass.compile(path.join(SOURCE, 'application.scss'), {
    loadPaths: [path.join(PROJECT_ROOT, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
  });
  return Buffer.from(css.css);
}

/** Writes a file beside its brotli and gzip copies, so a server sends the smallest without compressing. */
async function writeCompressed(name: string, bytes: Buffer): Promise<void> {
  await writeFile(path.join(PUBLIC_DIR, name), bytes);
  await writeFile(path.join(PUBLIC_DIR, `${name}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  await writeFile(path.join(PUBLIC_DIR, `${name}.gz`), gzipSync(bytes, { level: 9 }));
}

/**
 * Compiles the brand's Sass and puts it, the scripts and the flag in dist/public under names that
 * carry their content's hash (so they can be cached for ever), each with a brotli and a gzip copy,
 * and a manifest from each plain name to its current file. Skipped when nothing it reads changed.
 */
export async function buildAssets(options: { force?: boolean } = {}): Promise<'built' | 'unchanged'> {
  const inputs = await inputsHash();
  const stamp = path.join(PUBLIC_DIR, STAMP_FILE);
  if (!options.force && existsSync(stamp) && (await readFile(stamp, 'utf8')) === inputs && existsSync(path.join(PUBLIC_DIR, MANIFEST_FILE))) {
    return 'unchanged';
  }
  await rm(PUBLIC_DIR, { recursive: true, force: true });
  await mkdir(PUBLIC_DIR, { recursive: true });
  const manifest: AssetManifest = {};
  const add = async (name: string, bytes: Buffer) => {
    manifest[name] = fingerprinted(name, bytes);
    await writeCompressed(manifest[name], bytes);
  };
  await add('application.css', await compileCss());
  await add('govuk-frontend.min.js', await readFile(GOVUK_SCRIPT));
  // The module imports govuk-frontend by its plain name: point it at the fingerprinted file.
  const script = (await readFile(path.join(SOURCE, 'application.js'), 'utf8')).replace('./govuk-frontend.min.js', `./${manifest['govuk-frontend.min.js']}`);
  await add('application.js', Buffer.from(script));
  // The flag: the page's icon, and drawn inline in the header (src/views.ts).
  await add('flag.svg', await readFile(path.join(SOURCE, 'flag.svg')));
  await writeFile(path.join(PUBLIC_DIR, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  await writeFile(stamp, inputs);
  return 'built';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await buildAssets({ force: process.argv.includes('--force') });
  console.log(result === 'built' ? `Assets written to ${path.relative(PROJECT_ROOT, PUBLIC_DIR)}` : 'Assets up to date');
}
