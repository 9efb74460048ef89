import { afterAll, describe, expect, it } from 'vitest';
import { ownPostgres } from '../support/own-postgres.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { answerRegistration, expectStatus, REGISTRATION_APPLY, sendRegistration, tokenOf, uploadRegistrationDocuments, WireBrowser } from '../support/wire.js';

const running: ServerProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const server of running) server.child.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'identity' };
/** What a visitor may be answered while the database comes and goes: a page, a redirect, or "a few minutes". */
const ANSWERS = new Set([200, 303, 503]);

interface Seen {
  visitor: string;
  status: number;
  /** A 200 of a page with a form: it must be one that can be sent. */
  form: boolean;
  /** A 503 that is the translated "a few minutes" page. */
  fewMinutes: boolean;
}

/** Lines written to stdout or stderr that are not one JSON object each. */
function unstructuredLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
}

describe('PostgreSQL stopped (cutting connections mid-query) and started again under mixed traffic', () => {
  it('every answer is a page, a redirect or the "a few minutes" page, no connection is dropped, and every line the process writes is JSON', { timeout: 240_000 }, async () => {
    const database = await ownPostgres();
    cleanups.push(() => database.remove());
    const app = await startServer({ NODE_ENV: 'test', SESSION_SECRET: 'o'.repeat(40), DATABASE_URL: database.databaseUrl });
    running.push(app);

    // Someone who sent an application and looks it up, and someone in the middle of a form, with a draft and a session.
    const sender = new WireBrowser(app.port);
    await answerRegistration(sender);
    await uploadRegistrationDocuments(sender);
    const reference = await sendRegistration(sender);
    const applicant = new WireBrowser(app.port);
    expectStatus(await applicant.answer(`${REGISTRATION_APPLY}/who-applies`, { applicantType: 'hostOrganisation' }), 303, 'who applies');

    const seen: Seen[] = [];
    const record = (visitor: string, raw: { status: number; body: Buffer }) => {
      const html = raw.body.toString();
      seen.push({ visitor, status: raw.status, form: raw.status === 200 && html.includes('name="_csrf"'), fewMinutes: raw.status === 503 && html.includes('<h1') });
    };
    let traffic = true;
    // Each visitor's requests are bounded, and those that count against a limit per address are spaced below it.
    const visit = async (visitor: string, once: () => Promise<void>, pauseMs = 10, times = 2_000) => {
      for (let time = 0; traffic && time < times; time += 1) {
        try {
          await once();
        } catch (error) {
          seen.push({ visitor: `${visitor}: ${(error as Error).message}`, status: 0, form: false, fewMinutes: false });
        }
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    };
    const getting = (visitor: string, pathname: string, browser = () => new WireBrowser(app.port)) => visit(visitor, async () => record(visitor, await browser().get(pathname)));
    const sending = (visitor: string, pathname: string, fields: Record<string, string>, pauseMs: number, times: number) =>
      visit(
        visitor,
        async () => {
          const person = new WireBrowser(app.port);
          const page = await person.get(pathname);
          if (page.status !== 200) return record(`${visitor} (page)`, page);
          record(visitor, await person.send('POST', pathname, FORM, new URLSearchParams({ ...fields, _csrf: tokenOf(page) }).toString()));
        },
        pauseMs,
        times,
      );

    const visitors = [
      getting('home', '/'),
      getting('form page without a cookie', `${REGISTRATION_APPLY}/who-applies`),
      getting('tracking without a cookie', '/track'),
      getting('permit check without a cookie', '/verify'),
      getting('resume without a cookie', '/resume'),
      getting('form page with a draft', `${REGISTRATION_APPLY}/identity`, () => applicant),
      // A new draft each time (60 allowed in 10 minutes per address), and a lookup of the application sent (20 in 15 minutes).
      sending('first answer', `${REGISTRATION_APPLY}/who-applies`, { applicantType: 'hostOrganisation' }, 400, 50),
      sending('tracking lookup', '/track', { reference, identifier: 'dateOfBirth', 'dateOfBirth-day': '27', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1990' }, 1_000, 18),
    ];
    const until = async (what: () => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!what() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(what()).toBe(true);
    };

    await until(() => seen.filter((entry) => entry.visitor === 'first answer').length >= 3, 30_000);
    // A fast shutdown: PostgreSQL ends every connection, those in the middle of a query too.
    await database.stop();
    const stoppedAt = seen.length;
    await until(() => seen.slice(stoppedAt).filter((entry) => entry.status === 503).length >= 40, 60_000);
    await database.start();
    const restartedAt = seen.length;
    await until(() => seen.slice(restartedAt).some((entry) => entry.visitor === 'form page without a cookie' && entry.status === 200), 60_000);
    await until(() => seen.slice(restartedAt).some((entry) => entry.visitor === 'form page with a draft' && entry.status === 200), 30_000);
    traffic = false;
    await Promise.all(visitors);
    const outage = seen.slice(stoppedAt, restartedAt);

    // Never a 500, never a dropped connection, always one of the three answers.
    expect(seen.filter((entry) => !ANSWERS.has(entry.status))).toEqual([]);
    // Each 503 is the page that says "a few minutes", in the visitor's language.
    expect(seen.filter((entry) => entry.status === 503 && !entry.fewMinutes)).toEqual([]);
    // Once a visitor has been told "a few minutes", no form is offered that could not be sent until the database is back.
    const formsOffered = outage.filter((entry, index) => entry.form && outage.slice(0, index).some((before) => before.visitor === entry.visitor && before.status === 503));
    expect(formsOffered).toEqual([]);
    expect(new Set(outage.filter((entry) => entry.visitor.endsWith('without a cookie')).map((entry) => entry.visitor))).toEqual(
      new Set(outage.filter((entry) => entry.visitor.endsWith('without a cookie') && entry.status === 503).map((entry) => entry.visitor)),
    );
    // Every line of the log is one JSON object: stacks inside them, nothing printed raw.
    const output = app.output();
    expect(unstructuredLines(output).slice(0, 20)).toEqual([]);
    expect(output).toMatch(/database out of reach/);

    app.child.kill('SIGTERM');
    expect((await app.exited()).code).toBe(0);
  });
});
