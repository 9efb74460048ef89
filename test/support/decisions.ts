import type { Response } from 'supertest';
import type { Database } from '../../src/db/knex.js';
import type { ApplicationRow } from '../../src/db/tables.js';
import type { OfficerRow } from '../../src/backoffice/officers/repository.js';
import type { Language } from '../../src/i18n/languages.js';
import { fileApplication, type Filed } from './applications.js';
import { parse, type Agent } from './html.js';
import { postFrom } from './officers.js';

export interface Decided extends Filed {
  outcome?: 'approved' | 'refused';
  /** The fee the applicant chose, as the form engine keeps it ('350.00'). */
  fee?: string;
  language?: Language;
  /** A supervisor's browser that confirms the decision where the service asks for four eyes. */
  confirmer?: Agent;
}

/**
 * What an officer leaves or fills in on the approve form (the validity it offers, the address it
 * asks for), or the first reason the refuse form offers.
 */
export function decisionFields(form: Response, action: 'approve' | 'refuse'): Record<string, string> {
  const $ = parse(form);
  if (action === 'refuse') return { reasons: String($('input[name="reasons"]').first().val()) };
  const fields: Record<string, string> = {};
  for (const part of ['day', 'month', 'year']) {
    const value = $(`#validUntil-${part}`).val();
    if (typeof value === 'string') fields[`validUntil-${part}`] = value;
  }
  const address = $('[name="address"]').val();
  if (typeof address === 'string') fields.address = address || 'Nizami küçəsi 10, Bakı';
  return fields;
}

/**
 * An application decided by an officer through the back-office, as in backoffice-decisions.test.ts:
 * filed, put in review and held by the officer, then approved with the validity the form offers
 * (or refused for the first reason it offers); confirmed by `confirmer` where the service asks for four eyes.
 */
export async function decidedApplication(db: Database, agent: Agent, officer: OfficerRow, options: Decided = {}): Promise<ApplicationRow> {
  const filed = await fileApplication(db, { service: 'work-permit', ...options });
  await db('applications').where({ id: filed.id }).update({ status: 'in_review' });
  await db('applications')
    .where({ id: filed.id })
    .update({ assigned_officer: officer.id, fee_amount: options.fee ?? null, language: options.language ?? 'az' });
  const { reference, version } = (await db('applications').where({ id: filed.id }).first())!;
  const action = options.outcome === 'refused' ? 'refuse' : 'approve';
  const form = await agent.get(`/backoffice/cases/${reference}/${action}?lang=en`);
  if (form.status !== 200) throw new Error(`The ${action} form answered ${form.status}`);
  const fields: Record<string, string> = { version: String(version), ...decisionFields(form, action) };
  const answer = await postFrom(agent, form, `/backoffice/cases/${reference}/${action}`, fields);
  if (answer.status !== 303) throw new Error(`The ${action} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  const decided = (await db('applications').where({ id: filed.id }).first())!;
  if (decided.status !== 'pending_confirmation' || !options.confirmer) return decided;
  const page = await options.confirmer.get(`/backoffice/cases/${reference}?lang=en`);
  const confirmed = await postFrom(options.confirmer, page, `/backoffice/cases/${reference}/confirm`, { version: String(decided.version) });
  if (confirmed.status !== 303) throw new Error(`The confirmation answered ${confirmed.status}: ${confirmed.text.slice(0, 300)}`);
  return (await db('applications').where({ id: filed.id }).first())!;
}
