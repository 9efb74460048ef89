import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const FORM_PAGE = '/services/registration-at-place-of-stay/apply/who-applies';
const BROWSER = 'gzip, deflate, br, zstd';

let compressing: TestApp;
let behindProxy: TestApp;
beforeAll(async () => {
  compressing = await startTestApp();
  behindProxy = await startTestApp({ databaseUrl: compressing.databaseUrl, env: { COMPRESSION: 'off' } });
});
afterAll(async () => {
  await behindProxy?.close();
  await compressing?.close();
});

describe('compressing pages made per request', () => {
  it('brotli for a browser that takes it, gzip for one that takes only gzip', async () => {
    const brotli = await compressing.agent().get(FORM_PAGE).set('Accept-Encoding', BROWSER).expect(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.text).toContain('name="applicantType"');
    const gzip = await compressing.agent().get(FORM_PAGE).set('Accept-Encoding', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
  });

  it('with COMPRESSION=off, left to the proxy in front; the catalogue and assets stay precompressed', async () => {
    const page = await behindProxy.agent().get(FORM_PAGE).set('Accept-Encoding', BROWSER).expect(200);
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.text).toContain('name="applicantType"');
    const catalogue = await behindProxy.agent().get('/services/work-permit').set('Accept-Encoding', BROWSER).expect(200);
    expect(catalogue.headers['content-encoding']).toBe('br');
  });
});
