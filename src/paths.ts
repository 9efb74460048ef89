import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found the same way from src/ (tsx, vitest) and from dist/src/ (compiled). */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');
export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');
/** Compiled CSS and scripts (npm run build:assets). */
export const PUBLIC_DIR = path.join(PROJECT_ROOT, 'dist', 'public');
export const GOVUK_DIR = path.join(PROJECT_ROOT, 'node_modules', 'govuk-frontend', 'dist');
