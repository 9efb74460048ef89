import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Slots } from '../../src/documents/slots.js';
import { postgresStorage } from '../../src/documents/storage.js';
import { registrationSteps } from '../fixtures/services.js';
import { errorSummary, parse, submitForm, textOf, type Agent } from '../support/html.js';
import { answerStep, applyPath, fixtureFile, sendFiles } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { answerRegistration, tokenOf, WireBrowser } from '../support/wire.js';

const SERVICE = 'registration-at-place-of-stay';
const APPLY = applyPath(SERVICE);
const DOCUMENTS = `${APPLY}/documents`;
const MB = 1024 * 1024;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every step before the documents answered, in English. */
async function atDocuments(app: TestApp = t, applicant: 'hostPerson' | 'hostOrganisation' = 'hostPerson'): Promise<Agent> {
  const agent = app.agent();
  await agent.get(`/services/${SERVICE}/start?lang=en`).expect(303);
  for (const step of registrationSteps(applicant).filter((answer) => answer.step !== 'documents')) await answerStep(agent, APPLY, step);
  return agent;
}

async function documentsOf(agent: Agent) {
  const page = parse(await agent.get(DOCUMENTS).expect(200));
  return page('.app-file-list__item a').toArray().map((link) => ({ name: page(link).text().trim(), href: page(link).attr('href')! }));
}

async function rowCounts(): Promise<{ documents: number; blobs: number }> {
  const [documents] = await t.db('documents').count<{ count: string }[]>('* as count');
  const [blobs] = await t.db('document_blobs').count<{ count: string }[]>('* as count');
  return { documents: Number(documents!.count), blobs: Number(blobs!.count) };
}

/** An error shown next to its document, in the summary and in the field. */
function refusal(response: { status: number; text: string }) {
  const $ = parse(response.text);
  return { status: response.status, summary: errorSummary($), inline: textOf($, '.govuk-error-message') };
}

describe('uploading documents', () => {
  it('a real PDF, PNG and JPEG are kept byte for byte, typed by their bytes, and shown by name', async () => {
    const agent = await atDocuments();
    const pdf = await sendFiles(agent, DOCUMENTS, [
      { field: 'passportPagesWithVisa', file: 'passport.pdf', name: 'Pasport səhifələri.pdf' },
      { field: 'passportPagesWithVisa', file: 'photo.jpg' },
    ]);
    expect(pdf.status).toBe(303);
    expect(pdf.headers.location).toBe(DOCUMENTS);
    await sendFiles(agent, DOCUMENTS, [{ field: 'hostPropertyDocument', file: 'scan.png', name: 'icarə.png' }]).then((r) => expect(r.status).toBe(303));
    expect((await documentsOf(agent)).map((file) => file.name)).toEqual(['Pasport səhifələri.pdf', 'photo.jpg', 'icarə.png']);

    const rows = await t.db('documents').whereIn('display_name', ['Pasport səhifələri.pdf', 'photo.jpg', 'icarə.png']).orderBy('created_at');
    expect(rows.map((row) => row.media_type)).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    for (const [row, file] of rows.map((row, index) => [row, ['passport.pdf', 'photo.jpg', 'scan.png'][index]!] as const)) {
      const blob = await t.db('document_blobs').where({ key: row.storage_key }).first();
      expect(sha256(blob!.bytes)).toBe(sha256(fixtureFile(file)));
      expect(row.sha256).toBe(sha256(fixtureFile(file)));
      expect(row.size_bytes).toBe(fixtureFile(file).length);
    }
  });

  it('a file opens only for the session that uploaded it, as a download of its sniffed type', async () => {
    const agent = await atDocuments();
    await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: 'passport.pdf', name: 'my "passport".pdf' }]);
    const [file] = await documentsOf(agent);
    const opened = await agent.get(file!.href).expect(200);
    expect(opened.headers['content-type']).toBe('application/pdf');
    expect(opened.headers['x-content-type-options']).toBe('nosniff');
    expect(opened.headers['content-disposition']).toMatch(/^attachment; filename="my _passport_.pdf"; filename\*=UTF-8''my%20%22passport%22.pdf$/);
    expect(opened.headers['cache-control']).toBe('no-store');
    expect(sha256(opened.body as Buffer)).toBe(sha256(fixtureFile('passport.pdf')));
    // Another browser, with a session of its own, gets nothing.
    await t.agent().get(file!.href).expect(404);
    await (await atDocuments()).get(file!.href).expect(404);
  });

  it('a file can be removed before sending, with its bytes', async () => {
    const agent = await atDocuments();
    await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: 'scan.png', name: 'to-remove.png' }]);
    const row = await t.db('documents').where({ display_name: 'to-remove.png' }).first();
    const removed = await submitForm(agent, DOCUMENTS, { action: `remove:${row!.id}` });
    expect(removed.status).toBe(303);
    expect(await t.db('documents').where({ id: row!.id }).first()).toBeUndefined();
    expect(await t.db('document_blobs').where({ key: row!.storage_key }).first()).toBeUndefined();
    expect(await documentsOf(agent)).toEqual([]);
  });

  it.each([
    ['a renamed Windows executable', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(512, 1)]), 'passport.pdf', 'The file must be a PDF, JPG or PNG'],
    ['a renamed Linux program', Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), Buffer.alloc(512, 2)]), 'scan.png', 'The file must be a PDF, JPG or PNG'],
    ['a text file called .pdf', Buffer.from('just some text, not a PDF at all\n'.repeat(20)), 'notes.pdf', 'The file must be a PDF, JPG or PNG'],
    ['an empty file', Buffer.alloc(0), 'empty.pdf', 'The file is empty. Choose the file again'],
    ['a name with a path in it', fixtureFile('passport.pdf'), '../../etc/passwd.pdf', 'The file name cannot be read. Rename the file and upload it again'],
    ['a name with a Windows path', fixtureFile('passport.pdf'), 'C:\\Users\\me\\scan.pdf', 'The file name cannot be read. Rename the file and upload it again'],
  ])('%s is refused next to its document, and nothing is stored', async (_what, bytes, name, message) => {
    const agent = await atDocuments();
    const before = await rowCounts();
    const response = await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: bytes, name }]);
    expect(refusal(response)).toEqual({ status: 400, summary: [{ text: message, href: '#passportPagesWithVisa' }], inline: `Error: ${message}` });
    expect(await rowCounts()).toEqual(before);
  });

  it('a file one byte over the limit is refused; one at the limit is kept', async () => {
    const agent = await atDocuments();
    const pdf = fixtureFile('passport.pdf');
    const padded = (size: number) => Buffer.concat([pdf, Buffer.alloc(size - pdf.length, 0x20)]);
    const over = await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: padded(5 * MB + 1), name: 'big.pdf' }]);
    expect(refusal(over).summary).toEqual([{ text: 'The file must be smaller than 5 MB', href: '#passportPagesWithVisa' }]);
    expect(await t.db('documents').where({ display_name: 'big.pdf' }).first()).toBeUndefined();
    const exact = await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: padded(5 * MB), name: 'exact.pdf' }]);
    expect(exact.status).toBe(303);
  });

  it('more files than a document takes are refused, in one request or over several', async () => {
    const agent = await atDocuments();
    const five = Array.from({ length: 5 }, (_, index) => ({ field: 'passportPagesWithVisa', file: 'scan.png', name: `page-${index}.png` }));
    const atOnce = await sendFiles(agent, DOCUMENTS, five);
    expect(refusal(atOnce).summary).toEqual([{ text: 'You can upload up to 4 files for this document. Remove one to upload another', href: '#passportPagesWithVisa' }]);
    const three = await sendFiles(agent, DOCUMENTS, five.slice(0, 3));
    expect(three.status).toBe(303);
    const oneMore = await sendFiles(agent, DOCUMENTS, five.slice(3, 5));
    expect(refusal(oneMore).status).toBe(400);
    // The fourth was kept, the fifth refused: the document is full.
    expect(await documentsOf(agent)).toHaveLength(4);
    const page = parse(await agent.get(DOCUMENTS));
    expect(page('input[type=file][name="passportPagesWithVisa"]').length).toBe(0);
    const property = await sendFiles(agent, DOCUMENTS, [{ field: 'hostPropertyDocument', file: 'scan.png' }, { field: 'hostPropertyDocument', file: 'photo.jpg' }]);
    expect(refusal(property).summary[0]?.href).toBe('#hostPropertyDocument');
  });

  it('a refused upload keeps every file already uploaded and every other answer', async () => {
    const agent = await atDocuments();
    await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: 'passport.pdf' }]);
    const refused = await sendFiles(agent, DOCUMENTS, [{ field: 'hostPropertyDocument', file: Buffer.alloc(0), name: 'empty.png' }], 'continue');
    expect(refused.status).toBe(400);
    const $ = parse(refused);
    expect($('.app-file-list__item').text()).toContain('passport.pdf');
    expect(errorSummary($).map((error) => error.href)).toEqual(['#hostPropertyDocument']);
    const identity = parse(await agent.get(`${APPLY}/identity`).expect(200));
    expect(identity('#surname').val()).toBe('Məmmədova');
  });

  it('continuing without a required document says which one', async () => {
    const agent = await atDocuments();
    const response = await submitForm(agent, DOCUMENTS, { action: 'continue' });
    expect(refusal(response).summary).toEqual([
      { text: 'Upload this document', href: '#passportPagesWithVisa' },
      { text: 'Upload this document', href: '#hostPropertyDocument' },
    ]);
  });

  it('an upload without its CSRF token is refused and stores nothing; a multipart form to any other page too', async () => {
    const agent = await atDocuments();
    const before = await rowCounts();
    const forged = await agent.post(DOCUMENTS).field('action', 'upload').attach('passportPagesWithVisa', fixtureFile('passport.pdf'), 'passport.pdf');
    expect(forged.status).toBe(403);
    const elsewhere = await agent.post(`${APPLY}/identity`).field('surname', 'X').attach('passportPagesWithVisa', fixtureFile('passport.pdf'), 'passport.pdf');
    expect(elsewhere.status).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it('a body that claims to be multipart but is not gets a translated 400 page', async () => {
    const agent = await atDocuments();
    const page = await agent.get(DOCUMENTS);
    const token = parse(page)('input[name="_csrf"]').attr('value')!;
    const broken = await agent
      .post(`${DOCUMENTS}?lang=en&_csrf=${encodeURIComponent(token)}`)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send(`--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--xyz\r\nContent-Disposition: form-data; name="passportPagesWithVisa"; filename="a.pdf"\r\n\r\n%PDF-1.4 trunc`);
    expect(broken.status).toBe(400);
    expect(parse(broken)('html').attr('lang')).toBe('en');
  });
});

describe('the total of one application', () => {
  it('is bounded, with a message that says how to get under it', async () => {
    const small = await startTestApp({ clock: fixedClock, env: { UPLOAD_TOTAL_MB: '1' } });
    try {
      const agent = await atDocuments(small);
      const pdf = fixtureFile('passport.pdf');
      const big = Buffer.concat([pdf, Buffer.alloc(700 * 1024 - pdf.length, 0x20)]);
      await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: big, name: 'one.pdf' }]).then((r) => expect(r.status).toBe(303));
      const second = await sendFiles(agent, DOCUMENTS, [{ field: 'hostPropertyDocument', file: big, name: 'two.pdf' }]);
      expect(refusal(second).summary[0]?.text).toMatch(/^All files of one application together must be smaller than 1 MB/);
    } finally {
      await small.close();
    }
  });
});

describe('sending the application', () => {
  it('joins the files of the path taken, deletes those of a path no longer taken, in one transaction', async () => {
    const agent = await atDocuments(t, 'hostPerson');
    await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: 'passport.pdf', name: 'kept.pdf' }, { field: 'hostPropertyDocument', file: 'scan.png', name: 'dropped.png' }], 'continue');
    // An organisation applies after all: no property document on this path.
    await submitForm(agent, `${APPLY}/who-applies?change=1`, { applicantType: 'hostOrganisation' });
    await answerStep(agent, APPLY, registrationSteps('hostOrganisation').find((step) => step.step === 'host-organisation')!);
    const dropped = await t.db('documents').where({ display_name: 'dropped.png' }).first();
    const sent = await submitForm(agent, `${APPLY}/check`, {});
    expect(sent.headers.location).toBe(`${APPLY}/confirmation`);
    const kept = await t.db('documents').where({ display_name: 'kept.pdf' }).first();
    expect(kept!.application_id).not.toBeNull();
    expect(await t.db('documents').where({ id: dropped!.id }).first()).toBeUndefined();
    expect(await t.db('document_blobs').where({ key: dropped!.storage_key }).first()).toBeUndefined();
  });

  it('a submission that fails half way leaves no application, and every file still with the draft', async () => {
    // A store whose deletes fail, as an object store that is down would.
    const failing = await startTestApp({
      clock: fixedClock,
      storage: (db) => ({ ...postgresStorage(db), delete: async () => Promise.reject(new Error('store is down')) }),
    });
    try {
      const agent = await atDocuments(failing, 'hostPerson');
      await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: 'passport.pdf', name: 'a.pdf' }, { field: 'hostPropertyDocument', file: 'scan.png', name: 'b.png' }], 'continue');
      await submitForm(agent, `${APPLY}/who-applies?change=1`, { applicantType: 'hostOrganisation' });
      await answerStep(agent, APPLY, registrationSteps('hostOrganisation').find((step) => step.step === 'host-organisation')!);
      const sent = await submitForm(agent, `${APPLY}/check?lang=en`, {});
      expect(sent.status).toBe(500);
      expect(await failing.db('applications').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
      const files = await failing.db('documents').select('application_id', 'draft_id');
      expect(files).toHaveLength(2);
      expect(files.every((file) => file.application_id === null && file.draft_id !== null)).toBe(true);
      expect(await failing.db('document_blobs').count<{ count: string }[]>('* as count')).toEqual([{ count: '2' }]);
    } finally {
      await failing.close();
    }
  });
});

describe('uploads in flight', () => {
  it('past the bound, a genuine upload is told in its language that the service is busy (503, never a 500); with a place free it goes through', async () => {
    const slots = new Slots(1, 0);
    const busy = await startTestApp({ uploadSlots: slots });
    const server = http.createServer(busy.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      // One upload holds the only place, its file half sent.
      const first = new WireBrowser(port);
      await answerRegistration(first);
      const token = tokenOf(await first.get(DOCUMENTS));
      const boundary = 'holding0123';
      const holding = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `${DOCUMENTS}?_csrf=${encodeURIComponent(token)}`,
        headers: { cookie: first.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      const answered = new Promise<http.IncomingMessage>((resolve) => holding.on('response', resolve));
      const pdf = fixtureFile('passport.pdf');
      holding.write(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`);
      holding.write(`--${boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\nupload\r\n`);
      holding.write(`--${boundary}\r\nContent-Disposition: form-data; name="passportPagesWithVisa"; filename="held.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
      holding.write(pdf.subarray(0, 100));
      while (slots.inUse < 1) await new Promise((resolve) => setTimeout(resolve, 20));

      const second = new WireBrowser(port, undefined, 'az');
      await answerRegistration(second);
      const refused = await second.upload(DOCUMENTS, { passportPagesWithVisa: 'passport.pdf' });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('30');
      const page = parse(refused.body.toString());
      expect(textOf(page, 'h1')).toBe('Hazırda çox sayda fayl yüklənir');
      expect(textOf(page, 'main')).toContain('Bir dəqiqə gözləyin, sonra geri qayıdın və faylları yenidən yükləyin.');

      holding.end(Buffer.concat([pdf.subarray(100), Buffer.from(`\r\n--${boundary}--\r\n`)]));
      expect((await answered).statusCode).toBe(303);
      expect((await second.upload(DOCUMENTS, { passportPagesWithVisa: 'passport.pdf' })).status).toBe(303);
      expect(await busy.db('documents').whereIn('display_name', ['held.pdf', 'passport.pdf'])).toHaveLength(2);
    } finally {
      server.close();
      await busy.close();
    }
  });

  it("gives its place back once its files are stored, before the step's answers are saved and the next page drawn", async () => {
    const slots = new Slots(1, 0);
    const app = await startTestApp({ clock: fixedClock, uploadSlots: slots });
    const takenAtSave: number[] = [];
    const query = pg.Client.prototype.query;
    try {
      const agent = await atDocuments(app);
      // Every statement that writes the draft's answers, with the places in use as it is sent.
      pg.Client.prototype.query = function (this: pg.Client, text: unknown, ...rest: unknown[]) {
        const config = typeof text === 'string' ? { text } : (text as { text: string; name?: string });
        if (/^\s*update\s+"?drafts"?\s+set\b[^;]*\banswers\b/i.test(config.text) || config.name === 'draft-save-step') takenAtSave.push(slots.inUse);
        return (query as (...args: unknown[]) => unknown).call(this, text, ...rest);
      } as typeof query;
      const sent = await sendFiles(agent, DOCUMENTS, [{ field: 'passportPagesWithVisa', file: 'passport.pdf' }, { field: 'hostPropertyDocument', file: 'scan.png' }], 'continue');
      pg.Client.prototype.query = query;
      expect(sent.status).toBe(303);
      expect(sent.headers.location).not.toBe(DOCUMENTS);
      expect(takenAtSave).toEqual([0]);
      expect(await app.db('documents').whereIn('display_name', ['passport.pdf', 'scan.png'])).toHaveLength(2);
    } finally {
      pg.Client.prototype.query = query;
      await app.close();
    }
  });
});
