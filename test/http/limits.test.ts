import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Queryable } from '../../src/db/knex.js';
import { LIMITS } from '../../src/security/limits.js';
import { countAttempt } from '../../src/security/rate-limit.js';
import { registrationSteps, workPermitExtensionSteps } from '../fixtures/services.js';
import { csrfTokenFrom, parse, submitForm, textOf, type Agent } from '../support/html.js';
import { answerSteps, applyPath } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SERVICE = 'registration-at-place-of-stay';
const APPLY = applyPath(SERVICE);

let first: TestApp;
let second: TestApp;
beforeAll(async () => {
  first = await startTestApp({ clock: fixedClock, limits: LIMITS });
  // A second instance of the app on the same database, as behind a load balancer.
  second = await startTestApp({ clock: fixedClock, databaseUrl: first.databaseUrl, limits: LIMITS });
});
afterAll(async () => {
  await second.close();
  await first.close();
});

async function firstAnswer(agent: Agent) {
  const token = csrfTokenFrom(await agent.get(`${APPLY}/who-applies?lang=en`));
  return agent.post(`${APPLY}/who-applies`).type('form').send({ applicantType: 'foreigner', _csrf: token });
}

async function drafts(): Promise<number> {
  return Number((await first.db('drafts').count<{ count: string }[]>('* as count'))[0]!.count);
}

describe('limits counted in PostgreSQL, by every instance together', () => {
  it('forms begun from one address: past the limit, a translated 429 page that says when to try again, and no draft', async () => {
    for (let index = 0; index < LIMITS.startDraft.attempts; index += 1) {
      const app = index % 2 ? second : first;
      await firstAnswer(app.agent()).then((response) => expect(response.status, `form ${index + 1}`).toBe(303));
    }
    const before = await drafts();
    const refused = await firstAnswer(first.agent());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(LIMITS.startDraft.windowSeconds);
    expect(textOf(parse(refused), 'h1')).toBe('Too many attempts');
    expect(textOf(parse(refused), 'main')).toMatch(/Wait \d+ minutes? and try again/);
    expect(await drafts()).toBe(before);
    // One counter for both instances.
    const counter = await first.db('rate_limits').where('key', 'like', 'startDraft:ip:%').first();
    expect(counter!.hits).toBe(LIMITS.startDraft.attempts + 1);
    // A form already begun goes on: the limit is on beginning one.
    await first.db('rate_limits').where('key', 'like', 'startDraft:ip:%').delete();
  });

  it('applications sent from one address', async () => {
    const agent = first.agent();
    await answerSteps(agent, SERVICE, registrationSteps('hostOrganisation'));
    await submitForm(agent, `${APPLY}/check`, {}).then((response) => expect(response.status).toBe(303));
    // As if the address had already sent as many as it may.
    await first.db('rate_limits').where('key', 'like', 'submit:ip:%').update({ hits: LIMITS.submit.attempts });
    const next = second.agent();
    await answerSteps(next, SERVICE, registrationSteps('hostOrganisation'));
    const refused = await submitForm(next, `${APPLY}/check?lang=ru`, {});
    expect(refused.status).toBe(429);
    expect(textOf(parse(refused), 'h1')).toBe('Слишком много попыток');
    // Nothing was sent: the draft is still a draft, and the check page is still there to send later.
    await next.get(`${APPLY}/check`).expect(200);
  });

  it("a counter's quick commit stays with the counter: the pooled connection, and a caller's transaction, still wait for the disk", async () => {
    const oneConnection = createDatabase(first.databaseUrl, 1);
    const durability = async (db: Queryable) => (await db.raw<{ rows: { synchronous_commit: string }[] }>('show synchronous_commit')).rows[0]!.synchronous_commit;
    try {
      const limit = { attempts: 5, windowSeconds: 60 };
      expect((await countAttempt(oneConnection, 'test:quick-commit', limit)).allowed).toBe(true);
      expect(await durability(oneConnection)).toBe('on');
      await oneConnection.transaction(async (trx) => {
        await countAttempt(trx, 'test:quick-commit', limit);
        expect(await durability(trx)).toBe('on');
      });
      expect((await oneConnection('rate_limits').where({ key: 'test:quick-commit' }).first())!.hits).toBe(2);
    } finally {
      await oneConnection.destroy();
    }
  });
});

describe('looking up an earlier work permit to fill the extension in', () => {
  it('is counted per permit number across addresses and instances, so a date of birth cannot be guessed', async () => {
    const [permit] = workPermitExtensionSteps();
    const lookups = LIMITS.prefillPerRecord.attempts;
    for (let index = 0; index < lookups; index += 1) {
      const app = index % 2 ? second : first;
      const agent = app.agent();
      // Each guess a new date of birth, from a fresh browser.
      await submitForm(agent, `${applyPath('work-permit-extension')}/permit`, { ...permit!.fields!, 'workerDateOfBirth-day': String(index + 1) }).then((response) => expect(response.status).toBe(303));
      await agent.get(`${applyPath('work-permit-extension')}/earlier-details`).expect(200);
    }
    const agent = first.agent();
    await submitForm(agent, `${applyPath('work-permit-extension')}/permit?lang=en`, permit!.fields!);
    const refused = await agent.get(`${applyPath('work-permit-extension')}/earlier-details`);
    expect(refused.status).toBe(429);
    expect(textOf(parse(refused), 'h1')).toBe('Too many attempts');
    // Stored by a digest of the number, never the number itself.
    const keys = (await first.db('rate_limits').where('key', 'like', 'prefill:%').select('key')).map((row) => row.key);
    expect(keys.some((key) => key.includes('IS260000123'))).toBe(false);
  });
});

describe('crawlers', () => {
  it('are asked to keep out of the forms', async () => {
    const robots = await first.agent().get('/robots.txt').expect(200);
    expect(robots.text).toContain('Disallow: /services/*/apply');
    expect(robots.text).toContain('Disallow: /resume');
  });
});
