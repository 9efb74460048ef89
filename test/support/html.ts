import * as cheerio from 'cheerio';
import type { Response } from 'supertest';
import type supertest from 'supertest';

export type Agent = ReturnType<typeof supertest.agent>;

export function parse(response: Response | string): cheerio.CheerioAPI {
  return cheerio.load(typeof response === 'string' ? response : response.text);
}

/** The text of an element with white space folded, as a reader sees it. */
export function textOf($: cheerio.CheerioAPI, selector: string): string {
  return $(selector).first().text().replace(/[\s\u00a0]+/g, ' ').trim();
}

export function errorSummary($: cheerio.CheerioAPI): { text: string; href: string }[] {
  return $('.govuk-error-summary__list a')
    .toArray()
    .map((link) => ({ text: $(link).text().trim(), href: $(link).attr('href') ?? '' }));
}

export function csrfTokenFrom(response: Response): string {
  const token = parse(response)('input[name="_csrf"]').attr('value');
  if (!token) throw new Error(`No CSRF token on the page (status ${response.status})`);
  return token;
}

/** Opens the form page like a browser, then sends the form with its token. */
export async function submitForm(agent: Agent, url: string, fields: Record<string, string>): Promise<Response> {
  const page = await agent.get(url);
  const token = csrfTokenFrom(page);
  return agent.post(url).type('form').send({ ...fields, _csrf: token });
}

/** The reference a page shows in its `data-reference` element, as read (7KQ4-M2XD-93PH), whatever markup keeps its groups whole. */
export function shownReference(html: string): string | undefined {
  return parse(html)('[data-reference]').first().text().trim() || undefined;
}
