import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response } from 'supertest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { csrfTokenFrom, parse, shownReference, submitForm, type Agent } from './html.js';

export const FILES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'files');

export function fixtureFile(name: string): Buffer {
  return readFileSync(path.join(FILES, name));
}

export interface FileToSend {
  field: string;
  /** A file under test/fixtures/files, or bytes made by the test. */
  file: string | Buffer;
  name?: string;
}

/** One step of a journey as a test answers it. */
export interface StepAnswer {
  step: string;
  fields?: Record<string, string>;
  files?: FileToSend[];
  /** A repeat step: each item's fields, in order. */
  items?: Record<string, string>[];
}

export function applyPath(service: string): string {
  return `/services/${service}/apply`;
}

export function dateFields(name: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  const parts: Record<string, string> = { [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
  if (day) parts[`${name}-day`] = String(Number(day));
  return parts;
}

/**
 * Opens the page, then sends files (and fields) as a browser sends its multipart form: to the
 * form's address, which carries the session's token so that it is checked before the files are read.
 */
export async function sendFiles(agent: Agent, url: string, files: readonly FileToSend[], action = 'upload', fields: Record<string, string> = {}): Promise<Response> {
  const page = await agent.get(url);
  const token = csrfTokenFrom(page);
  const formAction = parse(page)('form[enctype="multipart/form-data"]').attr('action');
  if (!formAction?.includes('_csrf=')) throw new Error(`${url}: no form with files whose address carries its token`);
  let request = agent.post(formAction).field('_csrf', token).field('action', action);
  for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
  for (const { field, file, name } of files) {
    const bytes = typeof file === 'string' ? fixtureFile(file) : file;
    const filename = name ?? (typeof file === 'string' ? file : 'file.bin');
    // form-data keeps only the last part of a `filename`; a name with a path is sent whole as a `filepath`.
    request = request.attach(field, bytes, /[/\\]/.test(filename) ? ({ filepath: filename } as unknown as { filename: string }) : { filename });
  }
  return request;
}

function expectRedirect(response: Response, what: string): Response {
  if (response.status !== 303) throw new Error(`${what} answered ${response.status}: ${response.text.replace(/\s+/g, ' ').slice(0, 1500)}`);
  return response;
}

/** Adds every item of a repeat step through its pages, then says there are no more. */
export async function answerRepeat(agent: Agent, base: string, answer: StepAnswer): Promise<Response> {
  const url = `${base}/${answer.step}`;
  const items = answer.items ?? [];
  for (const [index, item] of items.entries()) {
    expectRedirect(await submitForm(agent, `${url}/${index + 1}`, item), `${answer.step} item ${index + 1}`);
    if (index < items.length - 1) expectRedirect(await submitForm(agent, url, { more: 'yes' }), `${answer.step} more`);
  }
  return expectRedirect(await submitForm(agent, url, { more: 'no' }), `${answer.step} done`);
}

/** Answers one step as a person would; returns the redirect that follows a valid answer. */
export async function answerStep(agent: Agent, base: string, answer: StepAnswer): Promise<Response> {
  if (answer.items) return answerRepeat(agent, base, answer);
  const url = `${base}/${answer.step}`;
  if (answer.files) return expectRedirect(await sendFiles(agent, url, answer.files, 'continue', answer.fields), answer.step);
  return expectRedirect(await submitForm(agent, url, { ...answer.fields, action: 'continue' }), answer.step);
}

/** Answers every step in order; returns the last response. */
export async function answerSteps(agent: Agent, service: string, answers: readonly StepAnswer[], query = ''): Promise<Response> {
  await agent.get(`/services/${service}/start${query}`).expect(303);
  let last: Response | undefined;
  for (const answer of answers) last = await answerStep(agent, applyPath(service), answer);
  return last!;
}

/** Sends "check your answers" and returns the application's reference as shown. */
export async function send(agent: Agent, service: string): Promise<string> {
  const sent = await submitForm(agent, `${applyPath(service)}/check`, {});
  if (sent.status !== 303 || sent.headers.location !== `${applyPath(service)}/confirmation`) {
    throw new Error(`Sending answered ${sent.status} to ${sent.headers.location}`);
  }
  const page = await agent.get(`${applyPath(service)}/confirmation`).expect(200);
  return shownReference(page.text)!.replace(/-/g, '');
}
