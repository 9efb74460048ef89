import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateFields } from '../../src/forms/steps/question.js';
import { csrfTokenFrom, parse, type Agent } from '../support/html.js';
import { answerSteps, fixtureFile } from '../support/journey.js';
import { answerAll, APPLY, fixedClock, SERVICE, stepsFor, validAnswers } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The statements one request of a form sends, on a started draft (issue 19), and the steps it validates.
 * Each statement is one round trip: node-pg sends the next only once the last is answered.
 * Before: a step's valid POST sent 5 statements, 4 on the draft tables (the form state read, the
 * UPDATE, submitQuestion's reload, proceed's reload) and the session read, and walked the journey
 * three times (8 steps validated on the registration's second step). Then: 3 statements, the UPDATE
 * returning the draft as saved, and 4 steps validated: the walk after the save starts at the step saved.
 * A step GET and "check your answers" sent 2 (the session, then the draft with its files).
 * Now the draft with its files is read in the session's own statement (session-alongside.ts): a step
 * GET and "check your answers" send 1, a valid POST 2 (the session with the draft, the UPDATE), each
 * a prepared (named) statement. A form sending files, and every other page, read the session alone.
 */
// Every question step of the journey is validated through it: its calls count the steps the walks validate.
vi.mock(import('../../src/forms/steps/question.js'), async (original) => {
  const module = await original();
  return { ...module, validateFields: vi.fn(module.validateFields) };
});

let t: TestApp;
/** Days the app's clock is moved on by, from the fixed day. */
let daysLater = 0;
beforeAll(async () => {
  t = await startTestApp({ clock: () => new Date(fixedClock().getTime() + daysLater * 24 * 60 * 60 * 1000) });
});
afterAll(async () => t.close());

interface Statement {
  sql: string;
  /** The app's database (knex), or the session store's own pool. */
  via: 'db' | 'sessions';
  /** A prepared statement's name. */
  name?: string;
}

interface Statements {
  /** Every statement sent, in order: each one round trip. */
  all: Statement[];
  /** Those that read or write the drafts and their documents. */
  drafts: Statement[];
  /** Through the session store's own pool. */
  sessions: Statement[];
  /** Question steps validated. */
  validated: number;
}

const DRAFT_TABLES = /\b(drafts|documents)\b/;
/** A file's bytes and the row that records it, written by one statement. */
const STORED_WITH_ROW = /^with "stored_bytes" as \(insert into "document_blobs" .*\) insert into "documents" /s;

/**
 * The statements sent while one request is answered: every query of a PostgreSQL connection, through
 * knex, the session store's pool, or a named statement on one of knex's connections (runNamed).
 */
async function statementsOf(request: () => PromiseLike<unknown>): Promise<Statements> {
  const all: Statement[] = [];
  const query = pg.Client.prototype.query;
  const validatedBefore = vi.mocked(validateFields).mock.calls.length;
  pg.Client.prototype.query = function (this: pg.Client, text: unknown, ...rest: unknown[]) {
    const config = typeof text === 'string' ? { text } : (text as { text: string; name?: string });
    // knex marks each connection it makes.
    all.push({ sql: config.text, via: '__knexUid' in this ? 'db' : 'sessions', ...(config.name && { name: config.name }) });
    return (query as (...args: unknown[]) => unknown).call(this, text, ...rest);
  } as typeof query;
  try {
    await request();
  } finally {
    pg.Client.prototype.query = query;
  }
  const validated = vi.mocked(validateFields).mock.calls.length - validatedBefore;
  return { all, drafts: all.filter(({ sql }) => DRAFT_TABLES.test(sql)), sessions: all.filter(({ via }) => via === 'sessions'), validated };
}

async function startedDraft(): Promise<Agent> {
  const agent = t.agent();
  await agent.get(`/services/registration-at-place-of-stay/start`).expect(303);
  const first = await agent.get(`${APPLY}/who-applies`).expect(200);
  await agent.post(`${APPLY}/who-applies`).type('form').send({ applicantType: 'foreigner', _csrf: csrfTokenFrom(first) }).expect(303);
  return agent;
}

describe('the statements a form request sends', () => {
  it('a step: its page is one round trip, the session with the draft; a valid answer adds only the save', async () => {
    const agent = await startedDraft();
    let page: Awaited<ReturnType<Agent['get']>> | undefined;
    const shown = await statementsOf(async () => (page = await agent.get(`${APPLY}/identity`).expect(200)));
    expect(shown.all).toHaveLength(1);
    expect(shown.all[0]).toMatchObject({ via: 'sessions', name: 'session-get+draft-with-files' });
    expect(shown.drafts).toEqual(shown.all);
    // The walk the last answer's save made (who applies, then this step) is kept: nothing is validated again.
    expect(shown.validated).toBe(0);

    const fields = { ...validAnswers('foreigner').identity, action: 'continue', _csrf: csrfTokenFrom(page!) };
    const answered = await statementsOf(() => agent.post(`${APPLY}/identity`).type('form').send(fields).expect(303).expect('location', `${APPLY}/travel-document`));
    expect(answered.all).toHaveLength(2);
    expect(answered.all[0]).toMatchObject({ via: 'sessions', name: 'session-get+draft-with-files' });
    expect(answered.all[1]).toMatchObject({ via: 'db', name: 'draft-save-step' });
    // Before the save: the kept walk; after it: this step and the next, not who applies again.
    expect(answered.validated).toBe(2);

    // The next page, read from the database, opens: the answer was saved.
    const next = await statementsOf(() => agent.get(`${APPLY}/travel-document`).expect(200));
    expect(next.all).toHaveLength(1);
  });

  it('"check your answers" is one round trip', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner');
    const check = await statementsOf(() => agent.get(`${APPLY}/check`).expect(200));
    expect(check.all).toHaveLength(1);
    expect(check.drafts).toEqual(check.all);
    // The walk the last save made is kept: the journey is not validated again to show it.
    expect(check.validated).toBe(0);
  });

  it('sending the application: the session, the limit, then one transaction in which the application, its first event, the draft marked sent, its files given over and the mail saying it was received are one statement', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner');
    const check = await agent.get(`${APPLY}/check`).expect(200);
    const sent = await statementsOf(() => agent.post(`${APPLY}/check`).type('form').send({ _csrf: csrfTokenFrom(check) }).expect(303).expect('location', `${APPLY}/confirmation`));
    const sql = sent.all.map((statement) => statement.name ?? statement.sql);
    // 13 round trips at first: the application and its event were two statements, and the mail read the application
    // again; then 11, with the draft marked sent and its files given over in two statements of their own; then 9,
    // with the mail saying it was received a statement of its own. The draft's files are read once its lock is held,
    // in a statement of their own (see submit.ts).
    expect(sql).toHaveLength(8);
    expect(sql[0]).toBe('session-get+draft-with-files');
    const making = expect.stringMatching(/^with "made" as \(insert into "applications".*"first_event" as \(insert into application_events.*"claimed_draft" as \(update drafts.*"claimed_documents" as \(update documents.*"also_1" as \(insert into outbox/s);
    expect(sql.filter((text) => /\bapplication_events\b|^update|update "(drafts|documents)"|\boutbox\b/.test(text))).toEqual([making]);
    expect(sql.filter((text) => /from "applications"/.test(text))).toEqual([]);
    expect(sql.at(-2)).toBe('COMMIT;');
    expect(sql.at(-1)).toBe('session-set');
    const [made] = await t.db('applications as a').join('application_events as e', 'e.application_id', 'a.id').where('e.kind', 'status').orderBy('a.submitted_at', 'desc').select('a.status', 'e.to_status', 'e.actor').limit(1);
    expect(made).toEqual({ status: 'submitted', to_status: 'submitted', actor: 'applicant' });
    // The draft is marked sent, by the statement that made its application.
    const [newest] = await t.db('applications').orderBy('submitted_at', 'desc').select('id', 'reference', 'applicant_name', 'service_id').limit(1);
    expect(await t.db('drafts').where({ application_id: newest!.id }).select('id')).toHaveLength(1);
    // And the mail saying it was received, by the same statement, as the outbox keeps every mail about an application.
    const mails = await t.db('outbox').where({ application_id: newest!.id }).select('event_key', 'kind', 'draft_id', 'language', 'data');
    expect(mails).toEqual([
      { event_key: `submitted:${newest!.id}`, kind: 'submitted', draft_id: null, language: expect.stringMatching(/^(az|en|ru)$/), data: { name: newest!.applicant_name, reference: newest!.reference, service: newest!.service_id } },
    ]);
  });

  it('a page whose answers no walk has read yet walks the journey once: each of the 8 steps validated once', async () => {
    const agent = t.agent();
    await answerAll(agent, 'foreigner');
    // A day later the same answers are read anew (a date may have become too old).
    daysLater = 1;
    try {
      const check = await statementsOf(() => agent.get(`${APPLY}/check`).expect(200));
      expect(check.validated).toBe(8);
      const again = await statementsOf(() => agent.get(`${APPLY}/check`).expect(200));
      expect(again.validated).toBe(0);
    } finally {
      daysLater = 0;
    }
  });

  it('a page outside the forms reads the session alone, with a prepared statement', async () => {
    const agent = await startedDraft();
    const resume = await statementsOf(() => agent.get('/resume').expect(200));
    expect(resume.all).toHaveLength(1);
    expect(resume.all[0]).toMatchObject({ via: 'sessions', name: 'session-get' });
    expect(resume.drafts).toHaveLength(0);
  });

  it('a form sending files reads its draft once the files are in, after the session', async () => {
    const agent = t.agent();
    await answerSteps(agent, SERVICE, stepsFor('foreigner').filter(({ step }) => step !== 'documents'));
    const page = await agent.get(`${APPLY}/documents`).expect(200);
    const formAction = parse(page)('form[enctype="multipart/form-data"]').attr('action')!;
    const sent = await statementsOf(() =>
      agent.post(formAction).field('_csrf', csrfTokenFrom(page)).field('action', 'upload').attach('passportPagesWithVisa', fixtureFile('passport.pdf'), { filename: 'passport.pdf' }).expect(303),
    );
    expect(sent.all[0]).toMatchObject({ via: 'sessions', name: 'session-get' });
    expect(sent.all[1]).toMatchObject({ via: 'db', name: 'draft-with-files' });
    // One file: its bytes and its row in one statement, with no transaction around it (before: BEGIN, two inserts, COMMIT).
    expect(sent.all[2]!.sql).toMatch(STORED_WITH_ROW);
    expect(sent.all.filter(({ sql }) => /^(BEGIN|COMMIT)/.test(sql))).toEqual([]);
    expect(sent.all[3]).toMatchObject({ via: 'db', name: 'draft-with-files' });
  });

  it('a form sending its files with Continue saves its answers in a statement that returns the draft with its files: the draft is not read again', async () => {
    const agent = t.agent();
    const steps = stepsFor('foreigner');
    await answerSteps(agent, SERVICE, steps.filter(({ step }) => step !== 'documents'));
    const page = await agent.get(`${APPLY}/documents`).expect(200);
    const formAction = parse(page)('form[enctype="multipart/form-data"]').attr('action')!;
    let posting = agent.post(formAction).field('_csrf', csrfTokenFrom(page)).field('action', 'continue');
    for (const { field, file } of steps.find(({ step }) => step === 'documents')!.files!) posting = posting.attach(field, fixtureFile(String(file)), { filename: String(file) });
    const sent = await statementsOf(() => posting.expect(303));
    const names = sent.all.map((statement) => statement.name ?? statement.sql);
    // Before: the draft read once more after its save, to see the files just stored.
    expect(names.filter((name) => name === 'draft-with-files')).toHaveLength(1);
    expect(names.filter((name) => name === 'draft-save-step+files')).toHaveLength(1);
    // Two files: each with its row in one statement, both in one transaction.
    expect(names.slice(2, 6)).toEqual(['BEGIN;', expect.stringMatching(STORED_WITH_ROW), expect.stringMatching(STORED_WITH_ROW), 'COMMIT;']);
    expect(names.indexOf('draft-save-step+files')).toBeGreaterThan(names.lastIndexOf('COMMIT;'));
    // Every file's bytes with its row, and no bytes without one.
    const unmatched = await t.db.raw<{ rows: { rows: number; bytes: number }[] }>(
      `select (select count(*)::int from documents d where not exists (select 1 from document_blobs b where b.key = d.storage_key)) as rows,
              (select count(*)::int from document_blobs b where not exists (select 1 from documents d where d.storage_key = b.key)) as bytes`,
    );
    expect(unmatched.rows).toEqual([{ rows: 0, bytes: 0 }]);
    // What the statement returned is what the next page shows: every file, under its name.
    const check = await agent.get(`${APPLY}/check`).expect(200);
    for (const { file } of steps.find(({ step }) => step === 'documents')!.files!) expect(check.text).toContain(String(file));
  });

  it('a session that holds no draft of the service finds none in its one statement', async () => {
    const agent = await startedDraft();
    // Its first page, or its task list.
    const other = await statementsOf(() => agent.get('/services/work-permit/apply').expect((response) => expect([200, 303]).toContain(response.status)));
    expect(other.all).toHaveLength(1);
    expect(other.all[0]).toMatchObject({ name: 'session-get+draft-with-files' });
  });

  it('the session\'s writes are prepared statements too', async () => {
    const agent = t.agent();
    const first = await agent.get(`${APPLY}/who-applies`).expect(200);
    const made = await statementsOf(() => agent.post(`${APPLY}/who-applies`).type('form').send({ applicantType: 'foreigner', _csrf: csrfTokenFrom(first) }).expect(303));
    // Saved once, holding the new draft, under its new id: before, the page saved it a second time, unchanged.
    expect(made.sessions.map(({ name }) => name)).toEqual(['session-set']);
    // The address's count of drafts begun, the draft made holding the first answer, the session: before, the
    // draft was made empty and the answer saved into it by a statement of its own.
    expect(made.all).toHaveLength(3);
    expect(made.all[1]!.sql).toMatch(/^insert into "drafts" \("answers", "expires_at", "service_id"\)/);
    const [draft] = await t.db('drafts').orderBy('created_at', 'desc').limit(1).select('answers');
    expect(draft!.answers).toEqual({ 'who-applies': { applicantType: 'foreigner' } });
    expect(made.sessions.every(({ name }) => name)).toBe(true);
  });

  it('a column added to the drafts (a migration while the app runs) leaves the prepared statements working', async () => {
    const agent = await startedDraft();
    const page = await agent.get(`${APPLY}/identity`).expect(200);
    const fields = { ...validAnswers('foreigner').identity, action: 'continue', _csrf: csrfTokenFrom(page) };
    await agent.post(`${APPLY}/identity`).type('form').send(fields).expect(303);
    await t.db.raw('alter table drafts add column added_later text');
    try {
      await agent.get(`${APPLY}/identity`).expect(200);
      await agent.post(`${APPLY}/identity`).type('form').send(fields).expect(303);
    } finally {
      await t.db.raw('alter table drafts drop column added_later');
    }
  });
});
