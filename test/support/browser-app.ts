import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, listen } from './browser.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export interface BrowserApp {
  t: TestApp;
  base: string;
  browser: Browser;
}

/**
 * A test file's app on a real port and a Chromium to drive it, made before its tests and closed
 * after; `ready` runs once both are up (officers, applications). Nothing is started when `run` is false.
 */
export function browserApp(run: boolean, options: TestAppOptions = {}, ready?: (t: TestApp) => Promise<void>): BrowserApp {
  const app = {} as BrowserApp;
  let server: Server;
  beforeAll(async () => {
    if (!run) return;
    app.t = await startTestApp(options);
    ({ server, base: app.base } = await listen(app.t.app));
    app.browser = await launchBrowser();
    await ready?.(app.t);
  }, 120_000);
  afterAll(async () => {
    if (!run) return;
    await app.browser.close();
    await new Promise((resolve) => server.close(resolve));
    await app.t.close();
  });
  return app;
}
