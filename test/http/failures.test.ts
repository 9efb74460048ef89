import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/knex.js';
import { createLogger, REDACTED_PATHS } from '../../src/logger.js';
import { parse, textOf } from '../support/html.js';

/** A session cookie signed as express-session signs it, so the session store is asked for it. */
function signedSessionCookie(): string {
  const id = 'a-session-that-the-store-must-be-asked-for';
  const signature = createHmac('sha256', 'z'.repeat(40)).update(id).digest('base64').replace(/=+$/, '');
  return `sms.sid=${encodeURIComponent(`s:${id}.${signature}`)}`;
}

describe('when the database is gone', () => {
  // Nothing listens on port 1: every query fails, as when the database is down.
  const url = 'postgres://nobody:nothing@127.0.0.1:1/none';
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: url, SESSION_SECRET: 'z'.repeat(40), LOG_LEVEL: 'silent' });

  function app() {
    return createApp({
      config,
      db: createDatabase(url, 1),
      sessionPool: new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 500 }),
      logger: createLogger('silent'),
    });
  }

  it('/readyz says so and /healthz still answers', async () => {
    const request = supertest(app());
    await request.get('/healthz').expect(200);
    await request.get('/readyz').expect(503);
  });

  it('a page that needs it says, in the page language, that the service is back in a few minutes, without internals', async () => {
    const response = await supertest(app()).get('/services/registration-at-place-of-stay/apply/who-applies?lang=ru').set('Cookie', signedSessionCookie()).expect(503);
    expect(response.headers['retry-after']).toBe('60');
    const $ = parse(response);
    expect($('html').attr('lang')).toBe('ru');
    expect(textOf($, 'h1')).toBe('Сервис ненадолго недоступен');
    expect(response.text).not.toMatch(/ECONNREFUSED|at .*\.ts|knex|postgres/i);
  });

  it('a form read without a session says so on its page, rather than offering a form that cannot be sent', async () => {
    const request = supertest(app());
    for (const page of ['/services/work-permit/apply/exemptions', '/track', '/resume', '/verify', '/backoffice/sign-in']) {
      const response = await request.get(`${page}?lang=en`).expect(503);
      expect(parse(response)('input[name="_csrf"]').length).toBe(0);
      expect(textOf(parse(response), 'h1')).toBe('The service is unavailable for a few minutes');
    }
    // A page with nothing to send is not held up.
    await request.get('/services/work-permit?lang=en').expect(200);
  });
});

describe('the logs', () => {
  it('redact personal data wherever it appears', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += chunk;
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({ application: { documentNumber: 'U1234567', surname: 'Məmmədova', email: 'a@b.az', dateOfBirth: '1990-03-27' } }, 'x');
    expect(written).not.toMatch(/U1234567|Məmmədova|a@b\.az|1990-03-27/);
    expect(written).toContain('[redacted]');
  });

  it('the app refuses to start with an authority that has no name', () => {
    const bad = parseConfig({ NODE_ENV: 'test', SESSION_SECRET: 'z'.repeat(40), AUTHORITY: 'nobody', DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
    expect(() => createApp({ config: bad, db: createDatabase('postgres://x@127.0.0.1:1/x', 1), sessionPool: new pg.Pool(), logger: createLogger('silent') })).toThrow(/AUTHORITY "nobody"/);
  });
});
