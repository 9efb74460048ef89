import { createServer } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { REDACTED_PATHS } from '../../src/logger.js';
import { answerClientErrors } from '../../src/middleware/http-surface.js';
import { registrationSteps } from '../fixtures/services.js';
import { csrfTokenFrom, errorSummary, parse, submitForm, textOf } from '../support/html.js';
import { answerSteps, applyPath } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SERVICE = 'registration-at-place-of-stay';
const APPLY = applyPath(SERVICE);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

describe('what a browser or curl can send', () => {
  it.each([
    ['a session cookie that looks like JSON', 'sms.sid=j:{"a":1}'],
    ['a language cookie that looks like JSON', 'lang=j:{"a":["ru"]}'],
    ['a cookie that is not valid percent-encoding', 'sms.sid=%E0%A4%A; lang=%'],
    ['a cookie with no value and a stray separator', 'sms.sid; =; ;lang'],
    ['a signed cookie with a forged signature', 'sms.sid=s%3Aabc.def'],
  ])('%s gets the page', async (_what, cookie) => {
    for (const path of ['/', `${APPLY}/who-applies`, '/resume']) {
      const response = await t.agent().get(path).set('Cookie', cookie);
      expect(response.status, path).toBe(200);
    }
  });

  it.each(['//[', '//x:abc/', '/%', '/%E0%A4%A', '/..%2f..%2fetc%2fpasswd', '/services/%00', '/?lang=%FF&x=%', '/services/work-permit?a[b][c][d]=1&lang[]=ru', '/?lang=en&lang=ru'])(
    'the address %s gets a page, never a 500, and its language links stay on this site',
    async (path) => {
      const response = await t.agent().get(path);
      expect(response.status).toBeLessThan(500);
      const $ = parse(response);
      const links = $('.govuk-language-navigation a').toArray().map((link) => $(link).attr('href')!);
      for (const link of links) expect(link).toMatch(/^\/(?!\/)/);
    },
  );

  it.each(['PUT', 'DELETE', 'PATCH'] as const)('%s answers 405, saying which methods a path takes, in the page language', async (method) => {
    const verb = method.toLowerCase() as 'put' | 'delete' | 'patch';
    const page = await t.agent()[verb]('/cookies?lang=ru');
    expect(page.status).toBe(405);
    expect(page.headers.allow).toBe('GET, HEAD');
    expect(textOf(parse(page), 'h1')).toBe('Это действие недоступно');
    const form = await t.agent()[verb](`${APPLY}/identity?lang=en`);
    expect(form.status).toBe(405);
    expect(form.headers.allow).toBe('GET, HEAD, POST');
    expect(textOf(parse(form), 'h1')).toBe('This cannot be done here');
  });

  it('TRACE and unknown methods answer 405 too; OPTIONS says what a path takes, with no body', async () => {
    const server = createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      for (const method of ['TRACE', 'PROPFIND']) {
        const response = await fetch(`http://127.0.0.1:${port}/`, { method }).catch(() => undefined);
        // fetch refuses to send TRACE itself; a raw request does.
        const status = response?.status ?? (await rawStatus(port, `${method} / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        expect(status, method).toBe(405);
      }
      const options = await fetch(`http://127.0.0.1:${port}/resume`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(await options.text()).toBe('');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a POST to a page with no form finds no page, rather than a CSRF refusal', async () => {
    await t.agent().post('/?lang=en').type('form').send({ a: '1' }).expect(404);
    await t.agent().post('/nowhere').type('form').send({ a: '1' }).expect(404);
  });

  it('a body that is not a form, or has too many fields, is refused with a page, not a 500', async () => {
    const agent = t.agent();
    const token = csrfTokenFrom(await agent.get('/resume?lang=en'));
    const json = await agent.post('/resume').set('Content-Type', 'application/json').send(JSON.stringify({ resumeCode: { $gt: '' }, _csrf: token }));
    expect(json.status).toBe(403);
    const many = Array.from({ length: 500 }, (_, index) => `f${index}=1`).join('&');
    const tooMany = await agent.post('/resume').type('form').send(`${many}&_csrf=${encodeURIComponent(token)}`);
    expect(tooMany.status).toBeGreaterThanOrEqual(400);
    expect(tooMany.status).toBeLessThan(500);
    expect(parse(tooMany)('html').attr('lang')).toBe('en');
    const text = await agent.post('/resume').set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(403);
  });

  it('invalid UTF-8 in a field is refused with a translated message on that field', async () => {
    const agent = t.agent();
    const token = csrfTokenFrom(await agent.get(`${APPLY}/who-applies?lang=en`));
    await agent.post(`${APPLY}/who-applies`).type('form').send({ applicantType: 'foreigner', _csrf: token }).expect(303);
    const page = await agent.get(`${APPLY}/identity`);
    const response = await agent
      .post(`${APPLY}/identity`)
      .type('form')
      .send(`surname=Ma%FF%FEmm&givenNames=A&_csrf=${encodeURIComponent(csrfTokenFrom(page))}`);
    expect(response.status).toBe(400);
    expect(errorSummary(parse(response))[0]).toEqual({
      text: 'The answer contains a character that cannot be used, such as a control character. Type it again without copying it',
      href: '#surname',
    });
  });

  it('headers too large get a page in the three languages, not an empty answer', async () => {
    const server = createServer(t.app).listen(0, '127.0.0.1');
    answerClientErrors(server);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const answer = await raw(port, `GET / HTTP/1.1\r\nHost: x\r\nCookie: big=${'x'.repeat(20_000)}\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect(answer).toContain('The request headers are too large');
      expect(answer).toContain('Заголовки запроса слишком велики');
      expect(answer).toContain('Sorğunun başlıqları çox böyükdür');
      const garbage = await raw(port, 'NOT HTTP AT ALL\r\n\r\n');
      expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('forms only from this site', () => {
  it('a POST another site sends is refused even with a valid token', async () => {
    const agent = t.agent();
    const token = csrfTokenFrom(await agent.get(`${APPLY}/who-applies?lang=en`));
    const send = () => agent.post(`${APPLY}/who-applies`).type('form').send({ applicantType: 'foreigner', _csrf: token });
    await send().set('Sec-Fetch-Site', 'cross-site').expect(403);
    await send().set('Origin', 'https://evil.example').expect(403);
    // Our own pages: the same origin, or "null" under our no-referrer policy.
    await send().set('Sec-Fetch-Site', 'same-origin').set('Origin', 'null').expect(303);
  });

  it('a new token after sending: the copy of the page before cannot send again', async () => {
    const agent = t.agent();
    await answerSteps(agent, SERVICE, registrationSteps('hostOrganisation'));
    const old = csrfTokenFrom(await agent.get(`${APPLY}/check`));
    await agent.post(`${APPLY}/check`).type('form').send({ _csrf: old }).expect(303);
    const fresh = csrfTokenFrom(await agent.get('/resume'));
    expect(fresh).not.toBe(old);
    await agent.post(`${APPLY}/check`).type('form').send({ _csrf: old }).expect(403);
  });

  it('pages that hold personal data are never cached', async () => {
    const agent = t.agent();
    await answerSteps(agent, SERVICE, registrationSteps('hostOrganisation'));
    for (const path of [`${APPLY}/identity`, `${APPLY}/check`, APPLY, '/resume']) {
      expect((await agent.get(path)).headers['cache-control'], path).toBe('no-store');
    }
    await submitForm(agent, `${APPLY}/check`, {});
    expect((await agent.get(`${APPLY}/confirmation`)).headers['cache-control']).toBe('no-store');
  });
});

describe('the logs', () => {
  const NAME = 'Zümrüdxanım-Qəşəmova';
  const DOCUMENT = 'ZQ9988776';

  it('hold no answer of any failure, even a database error that quotes one', async () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += chunk;
        done();
      },
    });
    const logger = pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: t.databaseUrl, SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'info' });
    const sessionPool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    const app = createApp({ config, db: t.db, sessionPool, logger, clock: fixedClock });
    // A database that refuses the application and quotes its answers back, as a constraint's detail would.
    await t.db.raw(`
      create function refuse_quoting() returns trigger language plpgsql as $$
      begin raise exception 'refused: %', new.answers::text using errcode = 'check_violation', detail = new.document_number; end $$;
      create trigger refuse_quoting before insert on applications for each row execute function refuse_quoting();`);
    try {
      const agent = supertest.agent(app);
      const steps = registrationSteps('hostOrganisation', { identity: { surname: NAME }, 'travel-document': { documentNumber: DOCUMENT } });
      await answerSteps(agent, SERVICE, steps, '?lang=en');
      const sent = await submitForm(agent, `${APPLY}/check`, {});
      expect(sent.status).toBe(500);
      expect(sent.text).not.toContain(NAME);
      // Hostile answers on the way, and a body too large.
      await submitForm(agent, `${APPLY}/identity`, { surname: `${NAME}\u0000\u202E`, givenNames: DOCUMENT });
      await agent.post(`${APPLY}/identity`).type('form').send({ surname: NAME.repeat(5000) });
    } finally {
      await t.db.raw('drop trigger refuse_quoting on applications; drop function refuse_quoting()');
      await sessionPool.end();
    }
    expect(written).toContain('request failed');
    expect(written).toContain('23514');
    expect(written).not.toContain(NAME);
    expect(written).not.toContain(DOCUMENT);
    expect(written).not.toContain('Zümrüd');
  });
});

function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
  });
}

async function rawStatus(port: number, request: string): Promise<number> {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(await raw(port, request))?.[1]);
}
