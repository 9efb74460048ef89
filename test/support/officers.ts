import type { Response } from 'supertest';
import type { Database } from '../../src/db/knex.js';
import { createOfficer, type OfficerRow } from '../../src/backoffice/officers/repository.js';
import type { Role } from '../../src/backoffice/officers/roles.js';
import { csrfTokenFrom, type Agent } from './html.js';

/** A password no list of common ones holds, used by every test officer. */
export const PASSWORD = 'quiet-harbour-lantern-74';

let counter = 0;

export async function makeOfficer(db: Database, options: { role?: Role; services?: string[]; mustChange?: boolean; name?: string; language?: 'az' | 'en' | 'ru' } = {}): Promise<OfficerRow> {
  counter += 1;
  return createOfficer(db, {
    email: `officer${counter}-${Date.now()}@sms.test`,
    name: options.name ?? `Officer ${counter}`,
    role: options.role ?? 'officer',
    services: options.services ?? ['registration-at-place-of-stay', 'stay-extension', 'temporary-residence-permit', 'work-permit'],
    language: options.language ?? 'en',
    password: PASSWORD,
    mustChange: options.mustChange ?? false,
  });
}

/**
 * Signs in through the form, as a browser does, choosing the language of the sign-in page first
 * (kept after signing in) unless told to choose none; returns the answer to the POST.
 */
export async function signIn(agent: Agent, email: string, password = PASSWORD, language: 'az' | 'en' | 'ru' | null = 'en'): Promise<Response> {
  const page = await agent.get(language ? `/backoffice/sign-in?lang=${language}` : '/backoffice/sign-in');
  return agent.post('/backoffice/sign-in').type('form').send({ email, password, _csrf: csrfTokenFrom(page) });
}

/** An agent signed in as a new officer. */
export async function signedInOfficer(db: Database, agent: Agent, options: Parameters<typeof makeOfficer>[1] = {}): Promise<OfficerRow> {
  const officer = await makeOfficer(db, options);
  const answer = await signIn(agent, officer.email, PASSWORD, officer.language);
  if (answer.status !== 303) throw new Error(`Sign-in answered ${answer.status}`);
  return officer;
}

/** Posts a form of a page already open (the case page's claim button), with that page's token. */
export function postFrom(agent: Agent, page: Response, url: string, fields: Record<string, string> = {}) {
  return agent.post(url).type('form').send({ ...fields, _csrf: csrfTokenFrom(page) });
}
