import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsqrModule from 'jsqr';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import { decisionToken, decisionTokenKey } from '../../src/decisions/token.js';
import { decidedApplication } from '../support/decisions.js';
import { errorSummary, parse, type Agent } from '../support/html.js';
import { signedInOfficer } from '../support/officers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let officerAgent: Agent;
let officer: OfficerRow;
const now = new Date('2026-11-24T08:00:00Z');
// jsqr is CommonJS with `exports.default`: under Node's ESM its function is the default's default.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqrModule as unknown as { default?: Decode }).default ?? jsqrModule) as unknown as Decode;
const BASE_URL = 'https://e-services.migration.gov.az';
// As the test app makes it from its session secret.
const KEY = decisionTokenKey('x'.repeat(40));

beforeAll(async () => {
  t = await startTestApp({ clock: () => now, env: { BASE_URL } });
  officerAgent = t.agent();
  officer = await signedInOfficer(t.db, officerAgent, { services: ['work-permit', 'temporary-residence-permit'] });
});
afterAll(async () => t.close());

async function pdfOf(path: string): Promise<{ text: string; buffer: Buffer; parser: PDFParse }> {
  const response = await t.agent().get(path).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  const buffer = response.body as Buffer;
  expect(buffer.subarray(0, 5).toString()).toBe('%PDF-');
  const parser = new PDFParse({ data: new Uint8Array(buffer) });
  const { text } = await parser.getText();
  return { text: text.replace(/\s+/g, ' '), buffer, parser };
}

describe('the decision document', () => {
  it('an approval in Azerbaijani: the name in its own letters, the permit, its validity, the fee and a QR code that opens the verification address', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { surname: 'Məmmədova', givenNames: 'Şəhla', fee: '350.00', language: 'az' });
    const token = decisionToken(KEY, application.id);
    const { text, parser } = await pdfOf(`/decisions/${token}.pdf`);
    expect(text).toContain('Məmmədova Şəhla');
    expect(text).toContain(application.permit_number!);
    expect(text).toContain('Müraciət təsdiq edilib');
    expect(text).toContain(application.reference);
    expect(text).toContain('24 noyabr 2026');
    expect(text).toContain('350 AZN');
    const images = await parser.getImage({ imageBuffer: true, imageThreshold: 10 });
    const image = images.pages.flatMap((page) => page.images)[0]!;
    const png = PNG.sync.read(Buffer.from(image.data));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toBe(`${BASE_URL}/verify?permit=${application.permit_number}`);
    await parser.destroy();
    // The other languages on request.
    const english = await pdfOf(`/decisions/${token}.pdf?lang=en`);
    expect(english.text).toContain('The application has been approved');
    expect(english.text).toContain('Məmmədova Şəhla');
    await english.parser.destroy();
  });

  it('a refusal in Russian: the name in Cyrillic, each reason with its legal basis', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { surname: 'Щукина', givenNames: 'Алёна', outcome: 'refused', language: 'ru' });
    const { text, parser } = await pdfOf(`/decisions/${decisionToken(KEY, application.id)}.pdf`);
    expect(text).toContain('Щукина Алёна');
    expect(text).toContain('В удовлетворении заявления отказано');
    expect(text).toContain('Правовое основание');
    expect(text).toContain('Миграционный кодекс');
    await parser.destroy();
  });

  it('a forged token, a token of a case not decided and an odd one are pages not found; the officer finds the links on the case page', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00' });
    const token = decisionToken(KEY, application.id);
    await t.agent().get(`/decisions/${token.slice(0, 43)}${token[43] === 'A' ? 'B' : 'A'}.pdf`).expect(404);
    await t.agent().get(`/decisions/${decisionToken(decisionTokenKey('y'.repeat(40)), application.id)}.pdf`).expect(404);
    await t.agent().get('/decisions/nonsense.pdf').expect(404);
    const page = parse(await t.agent().get(`/decisions/${token}?lang=en`).expect(200));
    expect(page('main a[hreflang="ru"]').attr('href')).toBe(`/decisions/${token}.pdf?lang=ru`);
    const casePage = parse(await officerAgent.get(`/backoffice/cases/${application.reference}?lang=en`).expect(200));
    expect(casePage('[data-decision-documents] a').map((_, link) => casePage(link).attr('href')).get()).toEqual(['az', 'en', 'ru'].map((lang) => `/decisions/${token}.pdf?lang=${lang}`));
  });
});

describe('satisfaction', () => {
  it('is given once per application, from the decision page, with an optional comment of up to 1,000 characters', async () => {
    const application = await decidedApplication(t.db, officerAgent, officer, { fee: '350.00' });
    const token = decisionToken(KEY, application.id);
    const agent = t.agent();
    const decision = parse(await agent.get(`/decisions/${token}?lang=en`).expect(200));
    expect(decision('[data-feedback="ask"]').attr('href')).toBe(`/decisions/${token}/feedback`);
    const form = await agent.get(`/decisions/${token}/feedback?lang=en`).expect(200);
    const csrf = parse(form)('input[name="_csrf"]').attr('value')!;
    const empty = await agent.post(`/decisions/${token}/feedback`).type('form').send({ _csrf: csrf, comment: 'x'.repeat(1001) }).expect(400);
    expect(errorSummary(parse(empty))).toEqual([
      { text: 'Choose how satisfied you are', href: '#rating' },
      { text: 'The comment must be 1,000 characters or fewer', href: '#comment' },
    ]);
    expect(parse(empty)('title').text()).toMatch(/^Error: /);
    await agent.post(`/decisions/${token}/feedback`).type('form').send({ _csrf: csrf, rating: '4', comment: 'Quick and clear.' }).expect(303).expect('location', `/decisions/${token}`);
    await agent.post(`/decisions/${token}/feedback`).type('form').send({ _csrf: csrf, rating: '1' }).expect(303);
    const rows = await t.db('satisfaction').where({ application_id: application.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rating: 4, comment: 'Quick and clear.', service_id: 'work-permit' });
    expect(parse(await agent.get(`/decisions/${token}?lang=en`))('[data-feedback="given"]').length).toBe(1);
    await agent.get(`/decisions/${token}/feedback`).expect(303);
    // A forged token rates nothing.
    await agent.post(`/decisions/${'A'.repeat(44)}/feedback`).type('form').send({ _csrf: csrf, rating: '5' }).expect(404);
  });
});
