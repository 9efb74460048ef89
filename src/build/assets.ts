import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as sass from 'sass';
import { GOVUK_DIR, PROJECT_ROOT, PUBLIC_DIR } from '../paths.js';

const SOURCE = path.join(PROJECT_ROOT, 'src', 'assets');

/** Compiles the brand's Sass and puts the scripts beside it, in dist/public. */
export async function buildAssets(): Promise<void> {
  await mkdir(PUBLIC_DIR, { recursive: true });
  const css = sass.compile(path.join(SOURCE, 'application.scss'), {
    loadPaths: [path.join(PROJECT_ROOT, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  });
  await writeFile(path.join(PUBLIC_DIR, 'application.css'), css.css);
  await copyFile(path.join(GOVUK_DIR, 'govuk', 'govuk-frontend.min.js'), path.join(PUBLIC_DIR, 'govuk-frontend.min.js'));
  await copyFile(path.join(SOURCE, 'application.js'), path.join(PUBLIC_DIR, 'application.js'));
  await copyFile(path.join(SOURCE, 'favicon.svg'), path.join(PUBLIC_DIR, 'favicon.svg'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAssets();
  console.log(`Assets written to ${path.relative(PROJECT_ROOT, PUBLIC_DIR)}`);
}
