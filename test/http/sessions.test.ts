import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitForm } from '../support/html.js';
import { APPLY } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

async function storedExpiry(): Promise<number> {
  const rows = await t.db('sessions').select('expire');
  expect(rows).toHaveLength(1);
  return new Date(rows[0]!.expire as Date).getTime();
}

describe('sessions in PostgreSQL', () => {
  it('stay alive while used, with the expiry written at most every five minutes rather than on every page', async () => {
    const browser = t.agent();
    await submitForm(browser, `${APPLY}/who-applies`, { applicantType: 'hostOrganisation' }).then((response) => expect(response.status).toBe(303));
    const first = await storedExpiry();
    expect(first - Date.now()).toBeGreaterThan(2 * 60 * 60 * 1000 - 60_000);

    // Pages read within minutes of each other leave the row alone.
    for (let page = 0; page < 3; page += 1) await browser.get(`${APPLY}/identity`).expect(200);
    expect(await storedExpiry()).toBe(first);

    // Once the expiry written is more than five minutes behind, the next page moves it on.
    await t.db('sessions').update({ expire: t.db.raw(`expire - interval '6 minutes'`) });
    await browser.get(`${APPLY}/identity`).expect(200);
    expect(Math.abs((await storedExpiry()) - first)).toBeLessThan(60_000);
  });

  it('an expired row is not a session: the applicant is told the answers were not found', async () => {
    const browser = t.agent();
    await submitForm(browser, `${APPLY}/who-applies`, { applicantType: 'hostOrganisation' }).then((response) => expect(response.status).toBe(303));
    await t.db('sessions').update({ expire: t.db.raw(`now() - interval '1 second'`) });
    const response = await browser.get(`${APPLY}/identity`).expect(303);
    expect(response.headers.location).toBe('/services/registration-at-place-of-stay?expired=1');
  });
});
