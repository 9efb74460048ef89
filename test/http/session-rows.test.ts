import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { csrfTokenFrom } from '../support/html.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const sessionRows = async () => Number((await t.db('sessions').count({ n: '*' }).first())!.n);

/**
 * Every page a crawler could find from the catalogue: each service's page and start, and for each
 * service online, its task list, every step of its journey (a repeat's item and removal too) and
 * the pages after them; each instant service's page; and the other pages that hold a form.
 */
function everyPage(): string[] {
  const pages = ['/track', '/verify', '/resume', '/payments', '/backoffice/sign-in'];
  for (const service of SERVICES) {
    pages.push(`/services/${service.id}`);
    if (service.usePath) pages.push(service.usePath);
    if (!service.journey) continue;
    const apply = `/services/${service.id}/apply`;
    pages.push(`/services/${service.id}/start`, apply, `${apply}/check`, `${apply}/confirmation`, `${apply}/saved`);
    for (const step of service.journey.steps) {
      pages.push(`${apply}/${step.id}`);
      if (step.kind === 'repeat') pages.push(`${apply}/${step.id}/1`, `${apply}/${step.id}/1/remove`);
    }
  }
  return pages;
}

describe('a page read without a cookie', () => {
  it('1,000 reads spread over every step of every service of the catalogue write no session and set no session cookie', { timeout: 240_000 }, async () => {
    const pages = everyPage();
    expect(pages.length).toBeGreaterThan(100);
    const before = await sessionRows();
    const statuses = new Map<number, number>();
    const cookies = new Set<string>();
    for (let read = 0; read < 1_000; read += 1) {
      const page = pages[read % pages.length]!;
      const response = await supertest(t.app).get(page);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      for (const cookie of ([] as string[]).concat(response.headers['set-cookie'] ?? [])) cookies.add(cookie.split('=')[0]!);
    }
    expect({ statuses: [...statuses.keys()].filter((status) => status !== 200 && status !== 303), rowsAdded: (await sessionRows()) - before }).toEqual({ statuses: [], rowsAdded: 0 });
    expect([...cookies].filter((name) => name.includes('sid'))).toEqual([]);
  });

  it('carries a form token that is checked without a stored session: the first answer makes the session, a token without its cookie is refused', async () => {
    const first = `/services/work-permit/apply/${SERVICES.find((service) => service.id === 'work-permit')!.journey!.steps[0]!.id}`;
    const before = await sessionRows();

    // The attacker's page: a token of its own, sent from a browser that does not hold its cookie.
    const attacker = t.agent();
    const stolen = csrfTokenFrom(await attacker.get(first).expect(200));
    const victim = t.agent();
    await victim.post(first).type('form').send({ _csrf: stolen, action: 'continue' }).expect(403);
    await supertest(t.app).post(first).type('form').send({ _csrf: stolen, action: 'continue' }).expect(403);
    // A token of this browser's, but altered.
    const own = csrfTokenFrom(await victim.get(first).expect(200));
    await victim.post(first).type('form').send({ _csrf: `${own.slice(0, -2)}AA`, action: 'continue' }).expect(403);
    expect(await sessionRows()).toBe(before);

    // The person whose page it is: the answer is kept, in a session made now.
    const answered = await victim.post(first).type('form').send({ _csrf: own, workerExemptions: 'none', action: 'continue' });
    expect(answered.status).toBe(303);
    expect(await sessionRows()).toBe(before + 1);
    const draft = await t.db('drafts').where({ service_id: 'work-permit' }).orderBy('created_at', 'desc').first();
    expect(draft).toBeDefined();
  });
});
