import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStorage } from '../../src/documents/storage.js';
import { cleanUpExpired } from '../../src/jobs/cleanup.js';
import { CLEANUP_QUEUE, NOTICES_QUEUE, REMINDERS_QUEUE, REMINDERS_SCHEDULE, startJobs, type Jobs } from '../../src/jobs/index.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { createRenderer } from '../../src/notices/render.js';
import { fileTransport } from '../../src/notices/transport.js';
import { createLogger } from '../../src/logger.js';
import { registrationSteps } from '../fixtures/services.js';
import { submitForm } from '../support/html.js';
import { answerSteps, applyPath, sendFiles } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SERVICE = 'registration-at-place-of-stay';
const APPLY = applyPath(SERVICE);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

/** A draft with one file uploaded on its documents step, made through the form. */
async function draftWithFile(): Promise<{ draftId: string; storageKey: string }> {
  const agent = t.agent();
  await answerSteps(agent, SERVICE, registrationSteps('hostOrganisation').filter((step) => step.step !== 'documents'));
  const uploaded = await sendFiles(agent, `${APPLY}/documents`, [{ field: 'passportPagesWithVisa', file: 'passport.pdf' }]);
  expect(uploaded.status).toBe(303);
  const file = await t.db('documents').whereNull('application_id').orderBy('created_at', 'desc').first();
  return { draftId: file!.draft_id!, storageKey: file!.storage_key };
}

async function expire(draftId: string): Promise<void> {
  await t.db('drafts').where({ id: draftId }).update({ expires_at: t.db.raw(`now() - interval '1 minute'`) });
}

describe('expired drafts and sessions', () => {
  it('are deleted, drafts with their files and bytes; fresh ones and sent applications\' files stay', async () => {
    const old = await draftWithFile();
    const fresh = await draftWithFile();
    await expire(old.draftId);

    const agent = t.agent();
    await answerSteps(agent, SERVICE, registrationSteps('hostOrganisation'));
    await submitForm(agent, `${APPLY}/check`, {});
    const sent = await t.db('drafts').whereNotNull('application_id').orderBy('created_at', 'desc').first();
    await expire(sent!.id);
    const sentFiles = await t.db('documents').where({ application_id: sent!.application_id! });
    expect(sentFiles.length).toBe(1);

    await t.db('sessions').insert([
      { sid: 'expired-session', sess: { cookie: {} }, expire: new Date(Date.now() - 60_000) },
      { sid: 'live-session', sess: { cookie: {} }, expire: new Date(Date.now() + 60_000) },
    ]);
    const result = await cleanUpExpired(t.db, postgresStorage(t.db));
    expect(result.drafts).toBe(2);
    expect(result.documents).toBe(1);
    expect(result.sessions).toBeGreaterThanOrEqual(1);
    expect(await t.db('sessions').where({ sid: 'expired-session' }).first()).toBeUndefined();
    expect(await t.db('sessions').where({ sid: 'live-session' }).first()).toBeDefined();
    expect(await t.db('drafts').where({ id: old.draftId }).first()).toBeUndefined();
    expect(await t.db('document_blobs').where({ key: old.storageKey }).first()).toBeUndefined();
    expect(await t.db('drafts').where({ id: fresh.draftId }).first()).toBeDefined();
    expect(await t.db('document_blobs').where({ key: fresh.storageKey }).first()).toBeDefined();
    // The application and its files are untouched; only the draft that made it is gone.
    const kept = await t.db('documents').where({ application_id: sent!.application_id! });
    expect(kept.map((file) => file.id)).toEqual(sentFiles.map((file) => file.id));
    expect(kept[0]!.draft_id).toBeNull();
    expect(await t.db('document_blobs').where({ key: kept[0]!.storage_key }).first()).toBeDefined();
  });
});

describe('the job queue', () => {
  let first: Jobs;
  let second: Jobs;

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
  });

  it('keeps one schedule however many instances start, and a worker runs the cleanup', async () => {
    const options = { connectionString: t.databaseUrl, db: t.db, storage: postgresStorage(t.db), logger: createLogger('silent') };
    first = await startJobs(options);
    second = await startJobs(options);
    const schedules = await t.db.withSchema('pgboss').table('schedule').select('name', 'cron').orderBy('name');
    // No mail server given here: the outbox keeps notices, and no sending is scheduled.
    expect(schedules).toEqual([
      { name: CLEANUP_QUEUE, cron: '17 * * * *' },
      { name: REMINDERS_QUEUE, cron: REMINDERS_SCHEDULE },
    ]);

    const old = await draftWithFile();
    await expire(old.draftId);
    await first.boss.send(CLEANUP_QUEUE, {});
    const deadline = Date.now() + 30_000;
    while ((await t.db('drafts').where({ id: old.draftId }).first()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await t.db('drafts').where({ id: old.draftId }).first()).toBeUndefined();
  }, 60_000);
});

describe('notices through the job queue', () => {
  let jobs: Jobs | undefined;
  let folder: string | undefined;
  afterAll(async () => {
    await jobs?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('sends what the outbox holds each round, by one worker, and queues the daily reminders', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'jobs-mail-'));
    const transport = fileTransport(folder);
    const renderer = createRenderer({ i18n: createI18n(), baseUrl: 'http://localhost:3000', authority: 'sms' });
    jobs = await startJobs({
      connectionString: t.databaseUrl,
      db: t.db,
      storage: postgresStorage(t.db),
      logger: createLogger('silent'),
      notices: { db: t.db, transport, renderer, from: 'no-reply@localhost' },
      clock: fixedClock,
    });
    // Rounds are asked for by each instance, every MAIL_CYCLE_SECONDS, not by a cron minute.
    expect(await t.db.withSchema('pgboss').table('schedule').where({ name: NOTICES_QUEUE }).first()).toBeUndefined();
    expect((await t.db.withSchema('pgboss').table('job').where({ name: NOTICES_QUEUE })).length).toBeGreaterThan(0);

    const agent = t.agent();
    await answerSteps(agent, SERVICE, registrationSteps('hostOrganisation', { contact: { email: 'queue@example.com' } }));
    await submitForm(agent, `${APPLY}/check`, {});
    const row = await t.db('outbox').where({ recipient: 'queue@example.com' }).first();
    expect(row).toMatchObject({ kind: 'submitted', sent_at: null });
    await jobs.boss.send(NOTICES_QUEUE, {});
    await jobs.boss.send(REMINDERS_QUEUE, {});
    const deadline = Date.now() + 30_000;
    while (!(await t.db('outbox').where({ id: row!.id }).whereNotNull('sent_at').first()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await t.db('outbox').where({ id: row!.id }).first()).toMatchObject({ attempts: 1 });
    expect((await t.db('outbox').where({ id: row!.id }).first())!.sent_at).not.toBeNull();
    // The earlier test's application is sent too: every unsent row is.
    expect(readdirSync(folder)).toEqual(expect.arrayContaining([`${row!.id}.eml`, `${row!.id}.json`]));
    expect(await t.db('outbox').whereNull('sent_at').first()).toBeUndefined();
  }, 60_000);
});
