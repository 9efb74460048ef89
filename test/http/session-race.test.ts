import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLY } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let server: http.Server;
let port: number;
beforeAll(async () => {
  t = await startTestApp();
  server = http.createServer(t.app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** Resolves as soon as the status line and headers arrive, as a browser acts on a redirect. */
function request(method: 'GET' | 'POST', path: string, cookie: string, body?: string): Promise<http.IncomingMessage & { text: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = cookie ? { cookie } : {};
    if (body) Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) });
    const sent = http.request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      resolve(Object.assign(response, {
        text: () => new Promise<string>((done) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => done(text));
        }),
      }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

describe('a browser that follows a redirect the moment it arrives', () => {
  it('finds the draft that its first answer just made, every time', async () => {
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const page = await request('GET', `${APPLY}/who-applies`, '');
      const cookie = (page.headers['set-cookie'] ?? []).map((value) => value.split(';')[0]).join('; ');
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const answered = await request('POST', `${APPLY}/who-applies`, cookie, `applicantType=foreigner&_csrf=${encodeURIComponent(token)}`);
      expect(answered.statusCode).toBe(303);
      const next = await request('GET', answered.headers.location!, cookie);
      expect(next.statusCode, `attempt ${attempt}`).toBe(200);
      answered.resume();
      next.resume();
    }
  });
});
