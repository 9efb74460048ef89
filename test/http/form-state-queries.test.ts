import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateFields } from '../../src/forms/steps/question.js';
import { csrfTokenFrom, type Agent } from '../support/html.js';
import { answerAll, APPLY, fixedClock, validAnswers } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The statements one request of a form sends, on a started draft (issue 19), and the steps it validates.
 * Before: a step's valid POST sent 5 statements, 4 on the draft tables (the form state read, the
 * UPDATE, submitQuestion's reload, proceed's reload) and the session read, and walked the journey
 * three times (8 steps validated on the registration's second step). After: 3 statements, the UPDATE
 * returning the draft as saved, and 4 steps validated: the walk after the save starts at the step saved.
 * A step GET and "check your answers" send 2 (the draft with its files, the session), before and after.
 */
// Every question step of the journey is validated through it: its calls count the steps the walks validate.
vi.mock(import('../../src/forms/steps/question.js'), async (original) => {
  const module = await original();
  return { ...module, validateFields: vi.fn(module.validateFields) };
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

interface Statements {
  /** To the drafts and their documents. */
  drafts: string[];
  /** Everything on the app's database. */
  all: string[];
  /** Through the session store's own pool. */
  sessions: string[];
  /** Question steps validated. */
  validated: number;
}

const DRAFT_TABLES = /\b(drafts|documents)\b/;

/** The statements sent while one request is answered. */
async function statementsOf(request: () => PromiseLike<unknown>): Promise<Statements> {
  const all: string[] = [];
  const sessions: string[] = [];
  const onQuery = (query: Knex.Sql) => all.push(query.sql);
  const query = t.sessionPool.query.bind(t.sessionPool);
  const validatedBefore = vi.mocked(validateFields).mock.calls.length;
  t.db.on('query', onQuery);
  t.sessionPool.query = ((text: unknown, ...rest: unknown[]) => {
    sessions.push(typeof text === 'string' ? text : String((text as { text?: string }).text));
    return (query as (...args: unknown[]) => unknown)(text, ...rest);
  }) as typeof t.sessionPool.query;
  try {
    await request();
  } finally {
    t.db.off('query', onQuery);
    t.sessionPool.query = query;
  }
  const validated = vi.mocked(validateFields).mock.calls.length - validatedBefore;
  return { drafts: all.filter((sql) => DRAFT_TABLES.test(sql)), all, sessions, validated };
}

async function startedDraft(): Promise<Agent> {
  const agent = t.agent();
  await agent.get(`/services/registration-at-place-of-stay/start`).expect(303);
  const first = await agent.get(`${APPLY}/who-applies`).expect(200);
  await agent.post(`${APPLY}/who-applies`).type('form').send({ applicantType: 'foreigner', _csrf: csrfTokenFrom(first) }).expect(303);
  return agent;
}

describe('the statements a form request sends', () => {
  it('a step: its page reads the draft once, and a valid answer reads it once and saves it', async () => {
    const agent = await startedDraft();
    let page: Awaited<ReturnType<Agent['get']>> | undefined;
    const shown = await statementsOf(async () => (page = await agent.get(`${APPLY}/identity`).expect(200)));
    expect(shown.drafts).toHaveLength(1);
    expect(shown.all).toHaveLength(1);
    expect(shown.sessions).toHaveLength(1);
    // Who applies and this step, once.
    expect(shown.validated).toBe(2);

    const fields = { ...validAnswers('foreigner').identity, action: 'continue', _csrf: csrfTokenFrom(page!) };
    const answered = await statementsOf(() => agent.post(`${APPLY}/identity`).type('form').send(fields).expect(303).expect('location', `${APPLY}/travel-document`));
    expect(answered.all.length + answered.sessions.length).toBeLessThanOrEqual(3);
    expect(answered.drafts).toHaveLength(2);
    expect(answered.drafts.filter((sql) => sql.startsWith('update'))).toHaveLength(1);
    expect(answered.all).toEqual(answered.drafts);
    expect(answered.sessions).toHaveLength(1);
    // Before the save: who applies and this step; after it: this step and the next, not who applies again.
    expect(answered.validated).toBe(4);

    // The next page, read from the database, opens: the answer was saved.
    const next = await statementsOf(() => agent.get(`${APPLY}/travel-document`).expect(200));
    expect(next.drafts).toHaveLength(1);
  });

  it('"check your answers" reads the draft once', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner');
    const check = await statementsOf(() => agent.get(`${APPLY}/check`).expect(200));
    expect(check.drafts).toHaveLength(1);
    expect(check.all).toHaveLength(1);
    expect(check.sessions).toHaveLength(1);
    // The journey walked once: each of the applicant's 8 steps validated once.
    expect(check.validated).toBe(8);
  });
});
