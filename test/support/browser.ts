import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createServer, type RequestListener, type Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium, or whatever CHROMIUM_PATH names; undefined when there is none. */
export const chromiumPath = CANDIDATES.find((candidate): candidate is string => !!candidate && existsSync(candidate));

/** .ci/run sets REQUIRE_BROWSER, so there a missing browser fails instead of passing quietly. */
export function browserTestsCanRun(file: string): boolean {
  if (chromiumPath) return true;
  if (process.env.REQUIRE_BROWSER) throw new Error('REQUIRE_BROWSER is set but no Chromium was found (apt-get install chromium)');
  console.warn(`\n*** ${file}: browser tests DID NOT RUN: no Chromium found. Install it (apt-get install chromium) or set CHROMIUM_PATH. ***\n`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath!,
    // The flags this machine needs: no sandbox as root, and no calls home on a closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

/** Waits for the page a click leads to; generous, since CI machines are small and shared. */
export async function clickAndWait(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ timeout: 90_000 }), page.locator(selector).first().click()]);
}

export function listen(app: RequestListener): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    const server = createServer(app).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/**
 * govuk-frontend's radios set aria-expanded on a radio that reveals a question: invalid under ARIA
 * 1.2, kept on purpose by the Design System because screen readers announce it (known issue
 * alphagov/govuk-frontend#979, w3c/aria#1404). Only that exact case is let through; any other
 * attribute, element or rule still fails.
 */
function isGovukRevealRadio(violation: AxeViolation): boolean {
  return (
    violation.id === 'aria-allowed-attr' &&
    violation.nodes.every(
      (node) =>
        /^<input class="govuk-radios__input"[^>]*type="radio"/.test(node.html) &&
        /aria-controls="conditional-/.test(node.html) &&
        /aria-expanded/.test(node.html) &&
        /aria-expanded/.test(node.failureSummary ?? '') &&
        !/aria-(?!expanded|controls)[a-z]+=/.test(node.html),
    )
  );
}

/** Runs axe-core in the page against WCAG 2.2 A and AA and best practice; expects nothing found. */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  // evaluate() is not subject to the page's CSP, so the portal's policy stays as strict as in production.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target, html: node.html, failureSummary: node.failureSummary })),
    }));
  });
  const found = violations.filter((violation) => !isGovukRevealRadio(violation));
  expect(found.map((violation) => ({ id: violation.id, help: violation.help, nodes: violation.nodes.map((node) => node.html.slice(0, 200)) })), `axe on ${what}`).toEqual([]);
}

/** An app of the tests' own, listening on loopback, and a browser to open it: what a browser test starts with and closes. */
export interface BrowserApp {
  t: TestApp;
  base: string;
  browser: Browser;
  close: () => Promise<void>;
}

export async function startBrowserApp(options: TestAppOptions = {}): Promise<BrowserApp> {
  const t = await startTestApp(options);
  const { server, base } = await listen(t.app);
  const browser = await launchBrowser();
  return {
    t,
    base,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}
