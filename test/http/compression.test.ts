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
  it('brotli for a browser that takes gzip and brotli alike (half the CPU at the fastest settings), gzip for one that takes only gzip', async () => {
    const brotli = await compressing.agent().get(FORM_PAGE).set('Accept-Encoding', BROWSER).expect(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.text).toContain('name="applicantType"');
    const gzip = await compressing.agent().get(FORM_PAGE).set('Accept-Encoding', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toContain('name="applicantType"');
  });

  it('the page is the same whichever way it is sent; the weights a browser gives are followed, its ties go to brotli', async () => {
    const agent = compressing.agent();
    const plain = await agent.get(FORM_PAGE).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    const token = /name="_csrf" value="([^"]+)"/.exec(plain.text)![1]!;
    for (const [asked, sent] of [['gzip, deflate, br, zstd', 'br'], ['br;q=0.1, gzip', 'gzip'], ['gzip;q=0.5, br;q=0.5', 'br'], ['gzip;q=0.4, br', 'br'], ['gzip', 'gzip'], ['br', 'br'], ['deflate', 'deflate']] as const) {
      const page = await agent.get(FORM_PAGE).set('Accept-Encoding', asked).expect(200);
      expect(page.headers['content-encoding'], asked).toBe(sent);
      expect(page.headers.vary).toMatch(/Accept-Encoding/);
      expect(page.text.replace(/name="_csrf" value="[^"]+"/, `name="_csrf" value="${token}"`)).toBe(plain.text);
    }
  });

  it('with COMPRESSION=off, left to the proxy in front; the catalogue and assets stay precompressed', async () => {
    const page = await behindProxy.agent().get(FORM_PAGE).set('Accept-Encoding', BROWSER).expect(200);
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.text).toContain('name="applicantType"');
    const catalogue = await behindProxy.agent().get('/services/work-permit').set('Accept-Encoding', BROWSER).expect(200);
    expect(catalogue.headers['content-encoding']).toBe('br');
  });
});
