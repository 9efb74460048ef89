import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let server: http.Server;
let port: number;
beforeAll(async () => {
  t = await startTestApp();
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** Resolves as soon as the status line and headers arrive, as a browser acts on a redirect. */
function headersOf(path: string, cookie?: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, headers: cookie ? { cookie } : {} }, resolve).on('error', reject);
  });
}

describe('a browser that follows a redirect the moment it arrives', () => {
  it('finds the draft that /start just made, every time', async () => {
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const start = await headersOf(`/services/${SERVICE}/start`);
      expect(start.statusCode).toBe(303);
      const cookie = (start.headers['set-cookie'] ?? []).map((value) => value.split(';')[0]).join('; ');
      const next = await headersOf(start.headers.location!, cookie);
      expect(next.statusCode, `attempt ${attempt}`).toBe(200);
      start.resume();
      next.resume();
    }
  });
});
