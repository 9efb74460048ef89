import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionToken, decisionTokenKey } from '../../src/decisions/token.js';
import { decidedApplication } from '../support/decisions.js';
import { signedInOfficer } from '../support/officers.js';
import { PRODUCTION_ENV } from '../support/production.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqrModule as unknown as { default?: Decode }).default ?? jsqrModule) as unknown as Decode;
const BASE_URL = 'https://e-xidmet.migration.gov.az';

let t: TestApp;
let production: TestApp;
let folder: string;
beforeAll(async () => {
  t = await startTestApp();
  production = await startTestApp({ databaseUrl: t.databaseUrl, env: { ...PRODUCTION_ENV, BASE_URL } });
  folder = mkdtempSync(path.join(tmpdir(), 'permit-qr-'));
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await production.close();
  await t.close();
});

/** The QR code as a phone reads it off the printed page: the first page drawn at 150 dpi, then decoded. */
function qrOnPaper(pdf: Buffer): string | undefined {
  writeFileSync(path.join(folder, 'permit.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', path.join(folder, 'permit.pdf'), path.join(folder, 'page')]);
  const png = PNG.sync.read(readFileSync(path.join(folder, 'page.png')));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('the address the portal is reached at', () => {
  it('a permit printed in production carries a QR code on the BASE_URL given', async () => {
    const officerAgent = t.agent();
    const officer = await signedInOfficer(t.db, officerAgent, { services: ['work-permit'] });
    const application = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00' });
    // The session secret both apps share makes the same link.
    const token = decisionToken(decisionTokenKey(PRODUCTION_ENV.SESSION_SECRET), application.id, new Date());
    const response = await production
      .agent()
      .get(`/decisions/${token}.pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const code = qrOnPaper(response.body as Buffer);
    expect(code).toBeDefined();
    expect(new URL(code!).origin).toBe(BASE_URL);
  });
});
