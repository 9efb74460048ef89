import jsqrModule from 'jsqr';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import type { Database } from '../../src/db/knex.js';
import { parseConfig } from '../../src/config.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { createRenderer } from '../../src/notices/render.js';
import { deliverNotices, type SenderDeps } from '../../src/notices/sender.js';
import { smtpTransport } from '../../src/notices/transport.js';
import { csrfTokenFrom, parse, type Agent } from './html.js';
import { dateFields } from './journey.js';
import { fetchBytes, follow, type ReadMail } from './mail.js';
import { postFrom } from './officers.js';
import { smtpListener, type SmtpListener } from './smtp.js';

/*
 * What a person outside does with the portal, for the tests that follow a case through the public
 * pages and the mails alone: read the mails, follow a link as the person or as a stranger who has the
 * mail, open a PDF and read its QR code as a phone would, pay a fee at the stand-in provider.
 */

/** A real SMTP listener and the portal's own sender pointed at it, as the jobs deliver mail. */
export interface Mailroom {
  listener: SmtpListener;
  sender: SenderDeps;
  /** Sends what is due; the mails received, as read (with `to`, only those to that address). */
  delivered: (to?: string) => Promise<ReadMail[]>;
  close: () => Promise<void>;
}

export async function mailroom(db: Database, baseUrl: string): Promise<Mailroom> {
  const listener = await smtpListener();
  await listener.start();
  const config = parseConfig({ NODE_ENV: 'test', SMTP_URL: `smtp://127.0.0.1:${listener.port}`, MAIL_FROM: 'DMX <no-reply@migration.example.az>' });
  const sender: SenderDeps = { db, transport: smtpTransport(config.mail.smtp!), renderer: createRenderer({ i18n: createI18n(), baseUrl, authority: 'sms' }), from: config.mail.from };
  return {
    listener,
    sender,
    delivered: (to) => delivered(listener, sender, to),
    close: async () => {
      sender.transport.close();
      await listener.stop();
    },
  };
}

/** Sends what is due to the SMTP listener; the mails received since, as read (with `to`, only those to that address). */
export async function delivered(listener: SmtpListener, sender: SenderDeps, to?: string): Promise<ReadMail[]> {
  const before = listener.received.length;
  await deliverNotices(sender);
  return listener.received
    .slice(before)
    .filter((mail) => to === undefined || (mail.to as { text: string } | undefined)?.text === to)
    .map((mail) => ({ subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' }));
}

/** A stranger who has the mail: the link answers, and none of `personal` is on the page. */
export async function asStranger(agent: Agent, path: string, personal: readonly string[]): Promise<void> {
  const { response } = await follow(agent, path);
  expect(response.status, path).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  for (const value of personal) expect(response.text, `${path} shows ${value}`).not.toContain(value);
}

/**
 * The person the mail is for, in a browser of their own: a link to /track opens it with the reference
 * filled in; they give their date of birth and are taken to what the link is for. Returns the browser
 * and where it ended.
 */
export async function asPerson(agent: Agent, path: string, dateOfBirth: string): Promise<{ agent: Agent; path: string; type: string }> {
  const first = await follow(agent, path);
  expect(first.response.status, path).toBe(200);
  const $ = parse(first.response.text ?? '');
  if (!first.visited.at(-1)!.startsWith('/track') || !$('form[action="/track"] input[name="reference"]').length) {
    return { agent, path: first.visited.at(-1)!, type: String(first.response.headers['content-type']) };
  }
  const reference = String($('input[name="reference"]').val());
  expect(path).toContain(`reference=${reference}`);
  const open = $('input[name="open"]').val();
  const found = await agent
    .post('/track')
    .type('form')
    .send({ reference, identifier: 'dateOfBirth', ...dateFields('dateOfBirth', dateOfBirth), ...(open ? { open: String(open) } : {}), _csrf: csrfTokenFrom(first.response) });
  expect(found.status, `finding ${reference}`).toBe(303);
  const then = await follow(agent, found.headers.location as string);
  expect(then.response.status).toBe(200);
  return { agent, path: then.visited.at(-1)!, type: String(then.response.headers['content-type']) };
}

/** A PDF as its reader gets it: the text with spaces squashed, and the parser for its images (destroy it after). */
export async function pdfOf(agent: Agent, path: string): Promise<{ text: string; parser: PDFParse; disposition: string }> {
  const { status, type, bytes, disposition } = await fetchBytes(agent, path);
  expect(status, path).toBe(200);
  expect(type).toBe('application/pdf');
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  const { text } = await parser.getText();
  return { text: text.replace(/\s+/g, ' ').trim(), parser, disposition };
}

/** A PDF's text, spaces squashed. */
export async function pdfText(agent: Agent, path: string): Promise<string> {
  const { text, parser } = await pdfOf(agent, path);
  await parser.destroy();
  return text;
}

// jsqr is CommonJS with `exports.default`: under Node's ESM its function is the default's default.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqrModule as unknown as { default?: Decode }).default ?? jsqrModule) as unknown as Decode;

/** What a document's QR code says, read from its first image as a phone would. */
export async function qrOf(parser: PDFParse): Promise<string | undefined> {
  const images = await parser.getImage({ imageBuffer: true, imageThreshold: 10 });
  const image = images.pages.flatMap((page) => page.images)[0];
  if (!image) return undefined;
  const png = PNG.sync.read(Buffer.from(image.data));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** The applicant pays through the stand-in provider from the fee page their browser can open. */
export async function pay(agent: Agent, paymentNumber: string): Promise<void> {
  const page = await agent.get(`/payments/${paymentNumber}`).expect(200);
  const started = await postFrom(agent, page, `/payments/${paymentNumber}/pay`);
  expect(started.status).toBe(303);
  const standIn = await agent.get(started.headers.location as string).expect(200);
  const $ = parse(standIn);
  const fields = Object.fromEntries(['payment', 'amount', 'return'].map((name) => [name, String($(`input[name="${name}"]`).val())]));
  expect((await postFrom(agent, standIn, '/payments/test-provider', fields)).status).toBe(303);
}

/** An officer's action on a case from its form (or the case page where it has none), at the case's current version. */
export async function actOnCase(db: Database, officer: Agent, reference: string, action: string, fields: Record<string, string> = {}) {
  const { version } = (await db('applications').where({ reference }).first())!;
  const form = await officer.get(`/backoffice/cases/${reference}/${action}`);
  const source = form.status === 200 ? form : await officer.get(`/backoffice/cases/${reference}`);
  const answer = await postFrom(officer, source, `/backoffice/cases/${reference}/${action}`, { version: String(version), ...fields });
  expect(answer.status, `${action}: ${answer.text.slice(0, 300)}`).toBe(303);
  return form;
}
