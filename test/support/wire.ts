/**
 * A browser as the bench and the load test play it, over plain HTTP to another process: its own
 * cookies, forms sent with their token, files as multipart. Bytes are kept as they came over the
 * wire (compressed or not), so a bare server can answer with the very same bytes.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { shownReference } from './html.js';
import { FILES } from './journey.js';

export interface Raw {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Milliseconds from sending to the last byte. */
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

export function request(port: number, method: string, pathname: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Raw> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const sent = http.request({ host: '127.0.0.1', port, method, path: pathname, agent, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join('\n') : value;
        resolve({ status: response.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks), ms: performance.now() - started });
      });
      response.on('error', reject);
    });
    sent.setTimeout(30_000, () => sent.destroy(new Error(`${method} ${pathname}: no answer in 30 s`)));
    sent.on('error', reject);
    sent.end(body);
  });
}

export function tokenOf(raw: Raw): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(raw.body.toString());
  if (!match) throw new Error(`No form token (status ${raw.status})`);
  return match[1]!;
}

/** Every request it makes, with its status and time, for whoever counts them. */
export type Observer = (method: string, pathname: string, raw: Raw) => void;

export class WireBrowser {
  private cookies = new Map<string, string>();
  /** Each request on a new connection, as from many browsers: a cluster's primary hands each to the next worker. */
  newConnectionEach = false;
  /** Waited for before each form is sent: the time a person takes to read and fill it. A redirect is followed at once. */
  filling: () => Promise<void> = () => Promise.resolve();

  constructor(
    /** Where the next request goes: another instance of the app may answer the same browser. */
    public port: number,
    private readonly observe: Observer = () => undefined,
    language = 'en',
  ) {
    this.cookies.set('lang', language);
  }

  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(raw: Raw): void {
    for (const line of raw.headers['set-cookie']?.split('\n') ?? []) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }

  async send(method: string, pathname: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Raw> {
    if (method !== 'GET') await this.filling();
    const connection: Record<string, string> = this.newConnectionEach ? { connection: 'close' } : {};
    const raw = await request(this.port, method, pathname, { 'accept-encoding': 'gzip, deflate, br', cookie: this.cookie, ...connection, ...headers }, body);
    this.keep(raw);
    this.observe(method, pathname, raw);
    return raw;
  }

  get(pathname: string): Promise<Raw> {
    return this.send('GET', pathname, { 'accept-encoding': 'identity' });
  }

  /** Opens the page for its token and sends the form, as a person pressing its button. */
  async answer(pathname: string, fields: Record<string, string>): Promise<Raw> {
    const page = await this.get(pathname);
    const body = new URLSearchParams({ ...fields, _csrf: tokenOf(page) }).toString();
    return this.send('POST', pathname, { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'identity' }, body);
  }

  /** Sends files of test/fixtures/files on a documents step, with Continue. */
  async upload(pathname: string, files: Record<string, string>): Promise<Raw> {
    const page = await this.get(pathname);
    const token = tokenOf(page);
    const boundary = `wire${Math.random().toString(36).slice(2)}`;
    const parts: Buffer[] = [];
    const field = (name: string, value: string) => parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    field('_csrf', token);
    field('action', 'continue');
    for (const [name, file] of Object.entries(files)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
      parts.push(readFileSync(path.join(FILES, file)), Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    // The token in the address as well, as the form's action carries it: checked before the files are read.
    return this.send('POST', `${pathname}?_csrf=${encodeURIComponent(token)}`, { 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-encoding': 'identity' }, Buffer.concat(parts));
  }
}

export function expectStatus(raw: Raw, status: number, what: string): Raw {
  if (raw.status !== status) throw new Error(`${what} answered ${raw.status}, not ${status}`);
  return raw;
}

const REGISTRATION = '/services/registration-at-place-of-stay/apply';

function dateParts(name: string, date: Date): Record<string, string> {
  return { [`${name}-day`]: String(date.getUTCDate()), [`${name}-month`]: String(date.getUTCMonth() + 1), [`${name}-year`]: String(date.getUTCFullYear()) };
}

/** A hotel registers a guest, every step up to (not including) the documents. */
export async function answerRegistration(browser: WireBrowser, today = new Date()): Promise<void> {
  const day = 86_400_000;
  const steps: [string, Record<string, string>][] = [
    ['who-applies', { applicantType: 'hostOrganisation' }],
    ['identity', { surname: 'Məmmədova', givenNames: 'Şəhla', ...dateParts('dateOfBirth', new Date(Date.UTC(1990, 2, 27))), sex: 'female', citizenship: 'TR', placeOfBirth: 'İstanbul' }],
    ['travel-document', { documentNumber: 'U12345678', documentCountry: 'TR', ...dateParts('documentIssueDate', new Date(Date.UTC(2020, 5, 15))), ...dateParts('documentExpiryDate', new Date(Date.UTC(2034, 5, 14))) }],
    ['entry', { ...dateParts('entryDate', new Date(today.getTime() - 2 * day)), purpose: 'tourism', visaType: 'visaFree', ...dateParts('departureDate', new Date(today.getTime() + 20 * day)) }],
    ['address', { city: 'baku', street: 'Nizami küçəsi', building: '10' }],
    ['host-organisation', { organisationName: 'Qafqaz Hotel MMC', organisationTaxNumber: '1234567890', organisationPhone: '012 555 55 55', organisationConsent: 'yes' }],
    ['contact', { email: 'guest@example.az', phone: '050 123 45 67', preferredLanguage: 'en' }],
  ];
  for (const [step, fields] of steps) expectStatus(await browser.answer(`${REGISTRATION}/${step}`, fields), 303, step);
}

export async function uploadRegistrationDocuments(browser: WireBrowser): Promise<void> {
  expectStatus(await browser.upload(`${REGISTRATION}/documents`, { passportPagesWithVisa: 'passport.pdf' }), 303, 'documents');
}

/** Sends the answered registration and reads its reference off the confirmation page. */
export async function sendRegistration(browser: WireBrowser): Promise<string> {
  const check = await browser.get(`${REGISTRATION}/check`);
  expectStatus(check, 200, 'check');
  const sent = await browser.send('POST', `${REGISTRATION}/check`, { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'identity' }, new URLSearchParams({ _csrf: tokenOf(check) }).toString());
  expectStatus(sent, 303, 'sending');
  const confirmation = expectStatus(await browser.get(`${REGISTRATION}/confirmation`), 200, 'confirmation');
  const reference = shownReference(confirmation.body.toString());
  if (!reference) throw new Error('No reference on the confirmation page');
  return reference;
}

export const REGISTRATION_APPLY = REGISTRATION;
