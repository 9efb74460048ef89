import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReference, normaliseReference } from '../../src/applications/reference.js';
import type { Status } from '../../src/applications/status.js';
import type { ApplicationRow } from '../../src/db/tables.js';
import { addWorkingDays } from '../../src/forms/dates.js';
import { formatDate } from '../../src/i18n/format.js';
import { cleanUpExpired } from '../../src/jobs/cleanup.js';
import { postgresStorage } from '../../src/documents/storage.js';
import { LIMITS, type Limits } from '../../src/security/limits.js';
import { registrationSteps, PERSON_BIRTH_DATE } from '../fixtures/services.js';
import { fileApplication, type Filed } from '../support/applications.js';
import { csrfTokenFrom, errorSummary, parse, textOf, type Agent } from '../support/html.js';
import { answerSteps, dateFields, fixtureFile, send, sendFiles } from '../support/journey.js';
import { makeOfficer, postFrom, signedInOfficer, signIn } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { actOnCase } from '../support/public-side.js';

const START = new Date('2026-11-24T08:00:00Z'); // Tuesday, noon in Baku
let now = START;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
});
afterAll(async () => t.close());

/** A page as the same inputs draw it, whatever the session's token. */
const withoutToken = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');

type Identifier = { dateOfBirth: string } | { documentNumber: string };

/** The tracking form, filled in as a person does: the reference as typed, and the detail chosen. */
async function track(agent: Agent, reference: string, identifier: Identifier, lang = 'en') {
  const page = await agent.get(`/track?lang=${lang}`);
  const fields = 'dateOfBirth' in identifier ? { identifier: 'dateOfBirth', ...dateFields('dateOfBirth', identifier.dateOfBirth) } : { identifier: 'documentNumber', documentNumber: identifier.documentNumber };
  return agent.post('/track').type('form').send({ reference, ...fields, _csrf: csrfTokenFrom(page) });
}

/** An agent following one application. */
async function following(application: Pick<ApplicationRow, 'reference'>, identifier: Identifier = { dateOfBirth: '1988-05-04' }): Promise<Agent> {
  const agent = t.agent();
  const answer = await track(agent, application.reference, identifier);
  expect(answer.status, answer.text.slice(0, 300)).toBe(303);
  return agent;
}

const MOVES: Record<Status, Status[]> = {
  submitted: [],
  in_review: ['in_review'],
  awaiting_applicant: ['in_review', 'awaiting_applicant'],
  pending_confirmation: ['in_review', 'pending_confirmation'],
  approved: ['in_review', 'approved'],
  refused: ['in_review', 'refused'],
  withdrawn: ['withdrawn'],
};

/** An application moved to a status through the moves the database allows, with more columns set. */
async function applicationIn(status: Status, filed: Filed = {}, more: Partial<Record<keyof ApplicationRow, unknown>> = {}): Promise<ApplicationRow> {
  const row = await fileApplication(t.db, filed);
  for (const step of MOVES[status]) await t.db('applications').where({ id: row.id }).update({ status: step });
  if (Object.keys(more).length) await t.db('applications').where({ id: row.id }).update(more as Partial<ApplicationRow>);
  return (await t.db('applications').where({ id: row.id }).first())!;
}

const row = async (id: string) => (await t.db('applications').where({ id }).first())!;

describe('finding an application', () => {
  it('by the document number or by the date of birth, typed as people type them; then only through the session', async () => {
    const application = await fileApplication(t.db, { documentNumber: 'U1234567' });
    const typed = formatReference(application.reference).toLowerCase().replace(/-/g, ' - ');
    const byDocument = t.agent();
    const found = await track(byDocument, ` ${typed} `, { documentNumber: 'u 1234-567' });
    expect(found.status).toBe(303);
    expect(found.headers.location).toBe('/track');
    const $ = parse(await byDocument.get('/track?lang=en').expect(200));
    expect(textOf($, 'h1')).toBe('Your application');
    expect(textOf($, '[data-reference]')).toBe(formatReference(application.reference));
    expect(textOf($, '[data-status]')).toBe('Submitted');
    // Nothing of the application is in an address: another browser with the same URL sees the form.
    expect($.html()).not.toContain(application.id);
    const stranger = parse(await t.agent().get('/track?lang=en').expect(200));
    expect(textOf(stranger, 'h1')).toBe('Track your application');

    const byBirth = t.agent();
    expect((await track(byBirth, application.reference, { dateOfBirth: '1988-05-04' }, 'ru')).status).toBe(303);
    const ru = parse(await byBirth.get('/track').expect(200));
    expect(ru('html').attr('lang')).toBe('ru');
    expect(textOf(ru, '[data-status]')).toBe('Подано');
    expect(textOf(ru, '[data-timeline]')).toContain('Вы подали заявление');
  });

  it('its pages take a POST where they have a form; any other method is told which they take', async () => {
    for (const path of ['/track', '/track/reply', '/track/withdraw', '/track/share-codes', '/verify']) {
      const options = await t.agent().options(path);
      expect(options.status, path).toBe(204);
      expect(options.headers.allow, path).toBe('GET, HEAD, POST');
    }
    expect((await t.agent().put('/track?lang=en')).status).toBe(405);
    // A POST with no token is refused, not acted on.
    expect((await t.agent().post('/track/withdraw').type('form').send({})).status).toBe(403);
  });

  it('reads O as 0 and I or L as 1, which references never hold', async () => {
    const application = await fileApplication(t.db);
    // A reference with 0s and 1s in it, with its right check character.
    const body = 'A0B1C0D1E0F';
    const reference = [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'].map((last) => body + last).find((candidate) => normaliseReference(candidate))!;
    await t.db('applications').where({ id: application.id }).update({ reference });
    const typed = reference.replace(/0/g, 'o').replace(/1/g, 'l');
    expect((await track(t.agent(), typed, { dateOfBirth: '1988-05-04' })).status).toBe(303);
  });

  it('a detail that differs and a reference nobody has get the same page, and a mistyped reference is said to be one', async () => {
    const application = await fileApplication(t.db);
    const wrong = await track(t.agent(), application.reference, { dateOfBirth: '1988-05-05' });
    expect(wrong.status).toBe(400);
    expect(errorSummary(parse(wrong))).toEqual([
      { text: 'We could not find an application with these details. Check the reference number and the date of birth or document number, as written in the application', href: '#reference' },
    ]);
    const wrongDocument = await track(t.agent(), application.reference, { documentNumber: 'X0000000' });
    expect(errorSummary(parse(wrongDocument))[0]!.href).toBe('#reference');
    // The same reference typed again once nobody has it: the very same answer.
    await t.db('applications').where({ id: application.id }).update({ reference: 'ZZZZZZZZZZZ' + [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'].find((c) => normaliseReference('ZZZZZZZZZZZ' + c))! });
    const missing = await track(t.agent(), application.reference, { dateOfBirth: '1988-05-05' });
    expect(missing.status).toBe(wrong.status);
    expect(withoutToken(missing.text)).toBe(withoutToken(wrong.text));

    const typo = await track(t.agent(), `${application.reference.slice(0, -1)}${application.reference.endsWith('A') ? 'B' : 'A'}`, { dateOfBirth: '1988-05-04' });
    expect(errorSummary(parse(typo))).toEqual([{ text: 'Check the reference number: it has 12 letters and numbers, for example 7KQ4-M2XD-93PH', href: '#reference' }]);
    const empty = await track(t.agent(), '', { dateOfBirth: '' } as Identifier);
    expect(errorSummary(parse(empty)).map((error) => error.href)).toEqual(['#reference', '#dateOfBirth-day']);
    expect(textOf(parse(empty), 'title')).toMatch(/^Error: /);
  });

  it('counts tries per reference across addresses: past the limit, the 429 page in the page language', async () => {
    const limits = Object.fromEntries(Object.entries(LIMITS).map(([name, limit]) => [name, { ...limit, attempts: 100_000 }])) as Limits;
    const strict = await startTestApp({ databaseUrl: t.databaseUrl, clock: () => now, limits: { ...limits, trackPerReference: { attempts: 3, windowSeconds: 3600 } } });
    try {
      const application = await fileApplication(strict.db);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        expect((await track(strict.agent(), application.reference, { dateOfBirth: `1970-01-0${attempt}` })).status).toBe(400);
      }
      const refused = await track(strict.agent(), application.reference, { dateOfBirth: '1988-05-04' }, 'ru');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(textOf(parse(refused), 'h1')).toBe('Слишком много попыток');
    } finally {
      await strict.close();
    }
  });
});

describe('the personal estimate', () => {
  it('counts the open applications of the same service and speed sent earlier, and dates a decision by the median of the last 90 days', async () => {
    const service = 'work-permit';
    const decided = async (submitted: string, decidedOn: string, speed = 'standard') =>
      applicationIn('approved', { service, submittedAt: new Date(`${submitted}T06:00:00Z`) }, { speed, decided_at: new Date(`${decidedOn}T08:00:00Z`) });
    // Sent Monday 2 November: decided 2, 3, 4, 6 and 8 working days later. The median is 4.
    for (const day of ['2026-11-04', '2026-11-05', '2026-11-06', '2026-11-10', '2026-11-12']) await decided('2026-11-02', day);
    // Not counted: decided more than 90 days ago, and decided at another speed.
    await decided('2026-06-01', '2026-08-10');
    await decided('2026-11-02', '2026-11-20', 'faster');
    const earlier = (day: string) => ({ service, submittedAt: new Date(`${day}T06:00:00Z`) });
    for (const [status, day] of [['submitted', '2026-11-10'], ['in_review', '2026-11-11'], ['awaiting_applicant', '2026-11-12'], ['pending_confirmation', '2026-11-13']] as const) {
      await applicationIn(status, earlier(day), { speed: 'standard' });
    }
    // Not ahead: withdrawn, another speed, another service, or sent later.
    await applicationIn('withdrawn', earlier('2026-11-10'), { speed: 'standard' });
    await applicationIn('submitted', earlier('2026-11-10'), { speed: 'fastest' });
    await applicationIn('submitted', { service: 'stay-extension', submittedAt: new Date('2026-11-10T06:00:00Z') });
    const mine = await applicationIn('in_review', earlier('2026-11-20'), { speed: 'standard' });
    await applicationIn('submitted', earlier('2026-11-21'), { speed: 'standard' });

    const $ = parse(await (await following(mine)).get('/track?lang=en').expect(200));
    expect(textOf($, '[data-ahead]')).toBe('4 applications for this service at the same speed were sent before yours and are not decided yet.');
    const expected = addWorkingDays('2026-11-20', 4);
    expect(expected).toBe('2026-11-26');
    expect(textOf($, '[data-expected]')).toBe(
      `In the last 90 days, 5 applications like yours were decided. Half of them took 4 working days or less from the day they were sent. At that pace, expect a decision by ${formatDate(expected, 'en')}.`,
    );
    const az = parse(await (await following(mine)).get('/track?lang=az').expect(200));
    expect(textOf(az, '[data-expected]')).toContain('4 iş günü');
    expect(textOf(az, '[data-expected]')).toContain(formatDate(expected, 'az'));
  });

  it('says plainly when there are too few decisions to estimate from', async () => {
    await applicationIn('refused', { service: 'stay-extension', submittedAt: new Date('2026-11-02T06:00:00Z') }, { speed: 'standard', decided_at: new Date('2026-11-05T08:00:00Z') });
    const mine = await applicationIn('submitted', { service: 'stay-extension' }, { speed: 'standard' });
    const $ = parse(await (await following(mine)).get('/track?lang=en').expect(200));
    expect(textOf($, '[data-expected]')).toBe(
      'We cannot estimate a date yet: only 1 application for this service at the same speed was decided in the last 90 days, and an estimate needs at least 5 decisions. The due date above is the one the law sets.',
    );
    const ru = parse(await (await following(mine)).get('/track?lang=ru').expect(200));
    expect(textOf(ru, '[data-expected]')).toContain('принято решение только по 1 заявлению');
    await applicationIn('approved', { service: 'stay-extension', submittedAt: new Date('2026-11-03T06:00:00Z') }, { speed: 'standard', decided_at: new Date('2026-11-06T08:00:00Z') });
    const two = parse(await (await following(mine)).get('/track?lang=ru').expect(200));
    expect(textOf(two, '[data-expected]')).toContain('приняты решения только по 2 заявлениям');
  });

  it('says that nothing has been decided yet, rather than "only 0", in each language', async () => {
    const mine = await applicationIn('submitted', { service: 'citizenship-admission' }, { speed: 'standard' });
    const expected = {
      en: 'We cannot estimate a date yet: no application for this service at the same speed has been decided in the last 90 days. The due date above is the one the law sets.',
      az: 'Hələlik tarixi təxmin edə bilmirik: son 90 gün ərzində bu xidmət üzrə eyni sürətlə göndərilmiş müraciətlərin heç biri üzrə qərar verilməyib. Qanunla müəyyən edilmiş qərar müddəti yuxarıda göstərilib.',
      ru: 'Пока мы не можем оценить срок: за последние 90 дней по этой услуге с той же скоростью рассмотрения не принято ни одного решения. Срок решения, установленный законом, указан выше.',
    };
    for (const [lang, text] of Object.entries(expected)) {
      const estimate = textOf(parse(await (await following(mine)).get(`/track?lang=${lang}`).expect(200)), '[data-expected]');
      expect(estimate).toBe(text);
      expect(estimate).not.toMatch(/\b0\b/);
    }
  });
});

describe('the words of the tracking page', () => {
  it('point to the request where it is: above "What happens next", in each language', async () => {
    const officer = await signedInOfficer(t.db, t.agent());
    const waiting = await applicationIn('awaiting_applicant');
    await t.db('information_requests').insert({ application_id: waiting.id, message: 'Upload the lease.', documents: [], requested_by: officer.id });
    const where = { en: { says: /\babove\b/, never: /\bbelow\b/ }, az: { says: /Yuxarı/i, never: /Aşağı/i }, ru: { says: /выше/, never: /ниже/ } };
    for (const [lang, words] of Object.entries(where)) {
      const page = (await (await following(waiting)).get(`/track?lang=${lang}`).expect(200)).text;
      const next = textOf(parse(page), '[data-next]');
      expect(page.indexOf('data-request-message'), lang).toBeLessThan(page.indexOf('data-next'));
      expect(next, lang).toMatch(words.says);
      expect(next, lang).not.toMatch(words.never);
    }
  });
});

/** Performs an officer's action from the case page, as the officer would. */
async function act(agent: Agent, reference: string, action: string, fields: Record<string, string | string[]> = {}) {
  const version = String((await row((await t.db('applications').where({ reference }).first())!.id)).version);
  const form = await agent.get(`/backoffice/cases/${reference}/${action}`);
  const source = form.status === 200 ? form : await agent.get(`/backoffice/cases/${reference}`);
  return postFrom(agent, source, `/backoffice/cases/${reference}/${action}`, { version, ...(fields as Record<string, string>) });
}

describe('answering a request for information', () => {
  it('from the request to the officer’s queue: files checked, nothing lost, one transaction, the clock resumed with the days paused', async () => {
    const applicant = t.agent();
    await answerSteps(applicant, 'registration-at-place-of-stay', registrationSteps('hostOrganisation'));
    const reference = await send(applicant, 'registration-at-place-of-stay');
    const confirmation = parse(await applicant.get('/services/registration-at-place-of-stay/apply/confirmation?lang=en'));
    expect(confirmation('a[data-track]').attr('href')).toBe('/track');
    expect((await track(applicant, reference.toLowerCase(), { dateOfBirth: PERSON_BIRTH_DATE })).status).toBe(303);
    const application = (await t.db('applications').where({ reference }).first())!;
    expect(application.legal_due_date).toBe('2026-11-25');

    const officerAgent = t.agent();
    const officer = await signedInOfficer(t.db, officerAgent, { name: 'Nigar Əhmədova' });
    expect((await act(officerAgent, reference, 'claim')).status).toBe(303);
    expect((await act(officerAgent, reference, 'request-information', { message: 'Upload the pages of the passport with the entry stamp.\nAll of them.', documents: 'passportPagesWithVisa' })).status).toBe(303);
    const request = (await t.db('information_requests').where({ application_id: application.id }).first())!;
    expect(request.requested_by).toBe(officer.id);

    // The next Monday: four working days later.
    now = new Date('2026-11-30T08:00:00Z');
    const waiting = parse(await applicant.get('/track?lang=en').expect(200));
    expect(textOf(waiting, '[data-status]')).toBe('Waiting for your reply');
    expect(waiting('[data-request-message]').text()).toBe('Upload the pages of the passport with the entry stamp.\nAll of them.');
    expect(textOf(waiting, '#request ~ .govuk-inset-text')).toContain('Passport pages, including the visa page and the last entry stamp');
    expect(textOf(waiting, '[data-paused-since]')).toContain('24 November 2026');

    const form = parse(await applicant.get('/track/reply?lang=en').expect(200));
    expect(form('form[enctype="multipart/form-data"] input[type=file][name="passportPagesWithVisa"]').length).toBe(1);
    expect(form('input[type=file][name="otherDocuments"]').length).toBe(1);
    expect(form('textarea[name="reply"]').attr('maxlength')).toBeUndefined();
    expect(form('.govuk-character-count').attr('data-maxlength')).toBe('5000');
    const fields = { request: request.id };

    // A file that is not what it says is refused, the typed reply kept; a real PDF is kept until sending.
    const fake = await sendFiles(applicant, '/track/reply', [{ field: 'passportPagesWithVisa', file: Buffer.from('not a pdf at all'), name: 'passport.pdf' }], 'upload', { ...fields, reply: 'Here are the pages.' });
    expect(fake.status).toBe(400);
    expect(errorSummary(parse(fake))).toEqual([{ text: 'The file must be a PDF, JPG or PNG', href: '#passportPagesWithVisa' }]);
    expect(parse(fake)('textarea[name="reply"]').text()).toBe('Here are the pages.');
    const uploaded = await sendFiles(applicant, '/track/reply', [{ field: 'passportPagesWithVisa', file: 'passport.pdf' }], 'upload', { ...fields, reply: 'Here are the pages.' });
    expect(uploaded.status).toBe(303);
    const listed = parse(await applicant.get('/track/reply').expect(200));
    expect(listed('.app-file-list').text()).toContain('passport.pdf');
    expect(listed('textarea[name="reply"]').text()).toBe('Here are the pages.');
    const pending = (await t.db('documents').where({ information_request_id: request.id }))[0]!;
    expect(pending.application_id).toBeNull();
    expect((await applicant.get(`/track/reply/files/${pending.id}`).expect(200)).body).toEqual(fixtureFile('passport.pdf'));
    // Not sent yet: the officer (signed in again, days later) sees nothing of it.
    await signIn(officerAgent, officer.email);
    expect(parse(await officerAgent.get(`/backoffice/cases/${reference}?lang=en`).expect(200))('[data-reply]').length).toBe(0);

    // Too long a reply is said so, with the file and the words kept.
    const long = 'x'.repeat(5001);
    const tooLong = await sendFiles(applicant, '/track/reply', [], 'send', { ...fields, reply: long });
    expect(tooLong.status).toBe(400);
    expect(errorSummary(parse(tooLong))).toEqual([{ text: 'Your reply must be 5000 characters or fewer', href: '#reply' }]);
    expect(parse(tooLong)('textarea[name="reply"]').text()).toBe(long);
    expect(parse(tooLong)('.app-file-list').text()).toContain('passport.pdf');
    expect((await row(application.id)).status).toBe('awaiting_applicant');

    // Sent twice at once (a double click): one answer, one set of events.
    const token = csrfTokenFrom(await applicant.get('/track/reply'));
    const sendOnce = () => applicant.post(`/track/reply?_csrf=${encodeURIComponent(token)}`).field('_csrf', token).field('action', 'send').field('request', request.id).field('reply', 'Здесь все страницы паспорта.\nAll pages.');
    const answers = await Promise.all([sendOnce(), sendOnce()]);
    expect(answers.map((answer) => answer.status)).toEqual([303, 303]);
    expect(await t.db('application_events').where({ application_id: application.id, kind: 'information-sent' })).toHaveLength(1);

    const back = await row(application.id);
    // Paused from Tuesday 24 to Monday 30 November: 4 working days, added to Wednesday 25 November.
    expect(back).toMatchObject({ status: 'in_review', paused_since: null, paused_days: 4, legal_due_date: '2026-12-01', assigned_officer: officer.id });
    const answered = (await t.db('information_requests').where({ id: request.id }).first())!;
    expect(answered.reply).toBe('Здесь все страницы паспорта.\nAll pages.');
    expect(answered.answered_at).not.toBeNull();
    const documents = await t.db('documents').where({ application_id: application.id }).orderBy('created_at');
    expect(documents).toHaveLength(2);
    expect(documents[1]!.information_request_id).toBe(request.id);
    const events = await t.db('application_events').where({ application_id: application.id }).orderBy('id');
    expect(events.slice(-2).map((event) => [event.kind, event.to_status, event.actor])).toEqual([
      ['status', 'in_review', 'applicant'],
      ['information-sent', null, 'applicant'],
    ]);
    // A copy of the page sent again later sends nothing.
    expect((await sendOnce()).headers.location).toBe('/track');

    const after = parse(await applicant.get('/track?done=reply&lang=en').expect(200));
    expect(textOf(after, '.govuk-notification-banner--success')).toContain('Your reply has been sent.');
    expect(textOf(after, '[data-status]')).toBe('Being reviewed');
    const timeline = after('[data-timeline] .app-timeline__what').toArray().map((item) => after(item).text().trim());
    expect(timeline).toEqual([
      'You sent the application',
      'An officer started checking your application',
      'We asked you for more information',
      'You sent the information asked for',
    ]);
    expect(textOf(after, '[data-due]')).toBe('By law we must decide by 1 December 2026.');
    expect(textOf(after, '[data-paused-days]')).toBe('This date includes 4 working days added while we waited for your replies.');

    // Back in the officer's queue, with the reply and the new document on the case (days later: signed in again).
    await signIn(officerAgent, officer.email);
    const queue = parse(await officerAgent.get('/backoffice/queue?assignee=me&lang=en').expect(200));
    expect(queue('tbody').text()).toContain(formatReference(reference));
    const casePage = parse(await officerAgent.get(`/backoffice/cases/${reference}?lang=en`).expect(200));
    expect(casePage('[data-reply] .app-preserve-lines').text()).toBe('Здесь все страницы паспорта.\nAll pages.');
    expect(textOf(casePage, '[data-reply]')).toContain('Documents sent with the answer: passport.pdf');
    expect(casePage('main').text()).toContain('The applicant sent their answer through the portal');
    expect(casePage('a[href*="/documents/"]').length).toBe(4);
    now = START;
  });

  it('an answer of nothing is refused; files of an answer never sent are cleaned away once the request is answered otherwise', async () => {
    const application = await applicationIn('in_review');
    const officerAgent = t.agent();
    const officer = await signedInOfficer(t.db, officerAgent);
    await t.db('applications').where({ id: application.id }).update({ assigned_officer: officer.id });
    expect((await act(officerAgent, application.reference, 'request-information', { message: 'Call us.' })).status).toBe(303);
    const applicant = await following(application);
    const request = (await t.db('information_requests').where({ application_id: application.id }).first())!;
    const empty = await sendFiles(applicant, '/track/reply?lang=az', [], 'send', { request: request.id, reply: '  ' });
    expect(empty.status).toBe(400);
    expect(errorSummary(parse(empty))).toEqual([{ text: 'İstənilən sənədləri yükləyin və ya cavab yazın', href: '#reply' }]);
    expect((await sendFiles(applicant, '/track/reply', [{ field: 'otherDocuments', file: 'scan.png' }], 'upload', { request: request.id })).status).toBe(303);
    // The officer hears by telephone and marks the answer received: the uploaded file will never be sent.
    expect((await act(officerAgent, application.reference, 'information-received')).status).toBe(303);
    expect((await applicant.get('/track/reply')).headers.location).toBe('/track');
    const result = await cleanUpExpired(t.db, postgresStorage(t.db));
    expect(result.unsentReplyFiles).toBe(1);
    expect(await t.db('documents').where({ information_request_id: request.id })).toHaveLength(0);
  });
});

describe('withdrawing', () => {
  it('asks "are you sure?", then withdraws, once, with an event on the timeline', async () => {
    const application = await applicationIn('in_review');
    const agent = await following(application);
    const $ = parse(await agent.get('/track?lang=en'));
    expect($('a[href="/track/withdraw"]').text().trim()).toBe('Withdraw this application');
    const confirm = await agent.get('/track/withdraw').expect(200);
    expect(textOf(parse(confirm), 'h1')).toBe('Are you sure you want to withdraw your application?');
    expect(textOf(parse(confirm), 'main')).toContain(formatReference(application.reference));
    expect((await row(application.id)).status).toBe('in_review');
    const withdrawn = await postFrom(agent, confirm, '/track/withdraw');
    expect(withdrawn.headers.location).toBe('/track?done=withdrawn');
    expect((await row(application.id)).status).toBe('withdrawn');
    expect((await postFrom(agent, confirm, '/track/withdraw')).headers.location).toBe('/track');
    expect(await t.db('application_events').where({ application_id: application.id, to_status: 'withdrawn', actor: 'applicant' })).toHaveLength(1);
    const after = parse(await agent.get('/track?done=withdrawn').expect(200));
    expect(textOf(after, '[data-status]')).toBe('Withdrawn');
    expect(textOf(after, '[data-timeline]')).toContain('You withdrew the application');
    expect(after('a[href="/track/withdraw"]').length).toBe(0);
    expect(after('[data-ahead]').length).toBe(0);
  });

  it('is refused after a decision', async () => {
    const application = await applicationIn('in_review');
    const agent = await following(application);
    const confirm = await agent.get('/track/withdraw').expect(200);
    await t.db('applications').where({ id: application.id }).update({ status: 'refused', decided_at: new Date(), decision: { outcome: 'refused', reasons: ['documentsIncomplete'], decidedBy: 'x' } });
    const refused = await postFrom(agent, confirm, '/track/withdraw?lang=en');
    expect(refused.status).toBe(409);
    expect(textOf(parse(refused), '.govuk-notification-banner')).toContain('This application has been decided, so it can no longer be withdrawn.');
    expect((await row(application.id)).status).toBe('refused');
    expect(textOf(parse(refused), 'main')).toContain('The documents are still incomplete after a request for more information.');
    expect((await agent.get('/track/withdraw')).headers.location).toBe('/track');
    // The decided application's page links to its decision document, which opens.
    const tracked = parse(await agent.get('/track?lang=en').expect(200));
    const href = tracked('a[data-decision-document]').attr('href')!;
    expect(href).toMatch(/^\/decisions\/[\w-]+$/);
    await agent.get(`${href}.pdf`).expect(200).expect('Content-Type', 'application/pdf');
  });
});

/** An approved temporary residence permit, valid from today for a year. */
async function permit(more: Partial<Record<keyof ApplicationRow, unknown>> = {}): Promise<ApplicationRow> {
  const number = `MYI26${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
  return applicationIn(
    'approved',
    { service: 'temporary-residence-permit', surname: 'Qasımova', givenNames: 'Leyla' },
    { permit_number: number, valid_from: '2026-11-24', valid_until: '2027-11-23', decided_at: START, decision: { outcome: 'approved', grants: 'permit', decidedBy: 'x' }, ...more },
  );
}

async function verify(agent: Agent, fields: Record<string, string>, lang = 'en') {
  const page = await agent.get(`/verify?lang=${lang}`);
  return agent.post('/verify').type('form').send({ ...fields, _csrf: csrfTokenFrom(page) });
}

const byNumber = (number: string, dateOfBirth = '1988-05-04') => ({ method: 'permitNumber', permitNumber: number, ...dateFields('dateOfBirth', dateOfBirth) });
const byCode = (code: string) => ({ method: 'shareCode', shareCode: code });

describe('verifying a permit', () => {
  it('by number and date of birth: valid, expired on the clock, and a mismatch answered as a missing permit', async () => {
    const held = await permit();
    const valid = await verify(t.agent(), byNumber(held.permit_number!.toLowerCase().replace(/^(\w{3})/, '$1 ')));
    expect(valid.status).toBe(200);
    const $ = parse(valid);
    expect(textOf($, 'h1')).toBe('The permit is valid');
    expect(textOf($, '.govuk-summary-list')).toContain('Temporary residence permit');
    expect(textOf($, '.govuk-summary-list')).toContain('Qasımova Leyla');
    expect(textOf($, '.govuk-summary-list')).toContain('23 November 2027');
    expect($.html()).not.toContain('1988');

    now = new Date('2027-11-24T08:00:00Z');
    expect(textOf(parse(await verify(t.agent(), byNumber(held.permit_number!), 'az')), 'h1')).toBe('İcazənin müddəti bitib');
    now = START;

    const wrong = await verify(t.agent(), byNumber(held.permit_number!, '1988-05-05'));
    expect(wrong.status).toBe(400);
    expect(errorSummary(parse(wrong))).toEqual([{ text: 'We could not find a permit with these details. Check the permit number and the holder’s date of birth', href: '#permitNumber' }]);
    await t.db('applications').where({ id: held.id }).update({ permit_number: 'MYI269999999' });
    const missing = await verify(t.agent(), byNumber(held.permit_number!, '1988-05-05'));
    expect(missing.status).toBe(400);
    expect(withoutToken(missing.text)).toBe(withoutToken(wrong.text));

    const none = await verify(t.agent(), {});
    expect(errorSummary(parse(none))).toEqual([{ text: 'Choose how you want to check the permit', href: '#method' }]);
    const mistyped = await verify(t.agent(), byNumber('MYI26'));
    expect(errorSummary(parse(mistyped))[0]!.text).toBe('Check the permit number: letters then 9 digits, for example MYI260000123');
  });

  it('a share code made on the tracking page works on /verify, shown once and kept only as a hash; it expires after 30 days and can be revoked', async () => {
    const held = await permit();
    const holder = await following(held);
    const page = await holder.get('/track?lang=en').expect(200);
    expect(parse(page)('#share-codes').length).toBe(1);
    const made = await postFrom(holder, page, '/track/share-codes');
    expect(made.headers.location).toBe('/track/share-code');
    const shown = parse(await holder.get('/track/share-code').expect(200));
    const code = textOf(shown, '[data-share-code]');
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}$/);
    expect((await holder.get('/track/share-code')).headers.location).toBe('/track');
    const stored = await t.db('share_codes').where({ application_id: held.id });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(code.replace(/-/g, ''));
    expect(JSON.stringify(await t.db('sessions').select('sess'))).not.toContain(code.replace(/-/g, ''));

    const checked = parse(await verify(t.agent(), byCode(code.toLowerCase().replace(/-/g, ' ')), 'ru'));
    expect(textOf(checked, 'h1')).toBe('Разрешение действительно');
    expect(textOf(checked, '.govuk-summary-list')).toContain('Разрешение на временное проживание');
    expect(textOf(checked, '.govuk-summary-list')).toContain('Qasımova Leyla');

    // Thirty days on, the code no longer works: answered as a code nobody made.
    now = new Date(START.getTime() + 30 * 86_400_000 + 60_000);
    const expired = await verify(t.agent(), byCode(code));
    expect(expired.status).toBe(400);
    const unknown = await verify(t.agent(), byCode('ZZZ-ZZZ-ZZZ'));
    expect(withoutToken(expired.text).replace(code, '')).toBe(withoutToken(unknown.text).replace('ZZZ-ZZZ-ZZZ', ''));
    expect(errorSummary(parse(expired))[0]!.href).toBe('#shareCode');
    now = START;

    // Revoked from the tracking page.
    now = new Date(START.getTime() + 3_600_000);
    await postFrom(holder, await holder.get('/track'), '/track/share-codes');
    const second = textOf(parse(await holder.get('/track/share-code')), '[data-share-code]');
    expect(textOf(parse(await verify(t.agent(), byCode(second))), 'h1')).toBe('The permit is valid');
    const listed = await holder.get('/track?lang=en');
    const codeId = parse(listed)('.app-share-codes input[name="code"]').attr('value')!;
    // Both codes work again today (the clock is back); the newest is listed first.
    expect(parse(listed)('.app-share-codes li')).toHaveLength(2);
    const revoked = await postFrom(holder, listed, '/track/share-codes/revoke', { code: codeId });
    expect(revoked.headers.location).toBe('/track?done=shareRevoked');
    expect((await verify(t.agent(), byCode(second))).status).toBe(400);
    expect(parse(await holder.get('/track'))('.app-share-codes li')).toHaveLength(1);
    expect(textOf(parse(await verify(t.agent(), byCode(code))), 'h1')).toBe('The permit is valid');
    now = START;
  });

  it('a revoked permit is said to be revoked, by number and by a code made before; no new code can be made', async () => {
    const decidedBy = (await makeOfficer(t.db)).id;
    const held = await permit({ decision: { outcome: 'approved', grants: 'permit', decidedBy } });
    const holder = await following(held);
    await postFrom(holder, await holder.get('/track'), '/track/share-codes');
    const code = textOf(parse(await holder.get('/track/share-code')), '[data-share-code]');
    // Revoked as a supervisor does it, from the case page with a reason (its audit row is revocation.test.ts's).
    const supervisor = t.agent();
    await signedInOfficer(t.db, supervisor, { role: 'supervisor' });
    await actOnCase(t.db, supervisor, held.reference, 'revoke', { note: 'The employment contract was found to be forged.' });
    expect(textOf(parse(await verify(t.agent(), byNumber(held.permit_number!))), 'h1')).toBe('The permit has been revoked');
    const viaCode = parse(await verify(t.agent(), byCode(code), 'az'));
    expect(textOf(viaCode, 'h1')).toBe('İcazə ləğv edilib');
    const tracking = parse(await holder.get('/track?lang=en'));
    expect(textOf(tracking, '.govuk-warning-text')).toContain('This permit has been revoked');
    expect(textOf(tracking, '[data-timeline]')).toContain('Your permit was revoked');
    expect(tracking('#share-codes').length).toBe(0);
    expect((await postFrom(holder, await holder.get('/track'), '/track/share-codes')).headers.location).toBe('/track');
    expect(await t.db('share_codes').where({ application_id: held.id })).toHaveLength(1);
  });

  it('counts checks per permit number across addresses', async () => {
    const limits = Object.fromEntries(Object.entries(LIMITS).map(([name, limit]) => [name, { ...limit, attempts: 100_000 }])) as Limits;
    const strict = await startTestApp({ databaseUrl: t.databaseUrl, clock: () => now, limits: { ...limits, verifyPerRecord: { attempts: 2, windowSeconds: 3600 } } });
    try {
      for (const day of ['01', '02']) expect((await verify(strict.agent(), byNumber('MYI260000001', `1970-01-${day}`))).status).toBe(400);
      const refused = await verify(strict.agent(), byNumber('MYI260000001'), 'az');
      expect(refused.status).toBe(429);
      expect(textOf(parse(refused), 'h1')).toBe('Həddən çox cəhd');
    } finally {
      await strict.close();
    }
  });
});
