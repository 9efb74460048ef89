import * as cheerio from 'cheerio';
import { expect } from 'vitest';
import type { Response } from 'supertest';
import type { Agent } from './html.js';

/** A mail as it reaches a reader: subject, plain text and HTML. */
export interface ReadMail {
  subject: string;
  text: string;
  html: string;
}

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

/** The links of each part: every address in the plain text, every href in the HTML. */
export function mailLinks(mail: ReadMail): { text: string[]; html: string[] } {
  const $ = cheerio.load(mail.html);
  return {
    text: [...mail.text.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]),
    html: $('a[href]')
      .map((_index, element) => $(element).attr('href')!)
      .get(),
  };
}

/**
 * Both parts say the same: the same links, and every paragraph, list item, heading and fact of the
 * HTML is in the plain text, word for word. Returns the links.
 */
export function expectSameInBothParts(mail: ReadMail): string[] {
  const links = mailLinks(mail);
  expect(new Set(links.html), `links of "${mail.subject}"`).toEqual(new Set(links.text));
  const $ = cheerio.load(mail.html);
  const text = squash(mail.text);
  $('p, li, h2').each((_index, element) => {
    const words = squash($(element).text());
    if (words) expect(text, `"${words}" of "${mail.subject}" in the plain text`).toContain(words);
  });
  // The facts: a row of a label and its value (the layout's own tables have no header cells).
  $('tr').each((_index, element) => {
    const label = squash($(element).children('th').text());
    const value = squash($(element).children('td').text());
    if (label) expect(text).toContain(`${label}: ${value}`);
  });
  expect(squash($('h1').text())).toBe(mail.subject);
  return links.text;
}

/** The path and query of a link on the portal's address; fails for a link anywhere else. */
export function onPortal(href: string, baseUrl: string): string {
  const url = new URL(href);
  expect(`${url.protocol}//${url.host}`, href).toBe(baseUrl);
  return `${url.pathname}${url.search}`;
}

/** Follows a link and its redirects as a browser would; the last answer, and the paths it went through. */
export async function follow(agent: Agent, path: string): Promise<{ response: Response; visited: string[] }> {
  const visited = [path];
  let response = await agent.get(path).buffer(true);
  while ([301, 302, 303, 307].includes(response.status) && visited.length < 6) {
    const next = response.headers.location as string;
    visited.push(next);
    response = await agent.get(next).buffer(true);
  }
  return { response, visited };
}

/** A PDF answer's bytes (supertest leaves binary bodies unparsed unless told). */
export async function fetchBytes(agent: Agent, path: string): Promise<{ status: number; type: string; bytes: Buffer; disposition: string }> {
  const response = await agent
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: response.status, type: String(response.headers['content-type']), bytes: response.body as Buffer, disposition: String(response.headers['content-disposition'] ?? '') };
}
