// What `npm start` runs first: the TypeScript build and the assets, each only when what it reads
// has changed since it last ran, so an unchanged checkout starts at once. Plain JavaScript, since
// it runs before anything is compiled (a fresh clone has no dist/ yet).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const stamp = path.join(root, 'dist', '.tsbuildinfo');

/** The latest change under a folder or to a file, in milliseconds. */
function lastChange(target) {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(target).reduce((latest, name) => Math.max(latest, lastChange(path.join(target, name))), stats.mtimeMs);
}

const inputs = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((name) => path.join(root, name));
if (!existsSync(stamp) || statSync(stamp).mtimeMs < Math.max(...inputs.map(lastChange))) {
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  // tsc leaves its record alone when only dates changed; the record's date is what is compared next time.
  const now = new Date();
  utimesSync(stamp, now, now);
}
const { buildAssets } = await import(path.join(root, 'dist', 'src', 'build', 'assets.js'));
if ((await buildAssets()) === 'built') console.log('Assets built');
