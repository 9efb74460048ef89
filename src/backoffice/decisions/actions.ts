import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES_DIR } from '../../paths.js';
import type { TFunction } from 'i18next';
import { applicableRefusals, decisionRules, legalBasisOf, refusalReasonsOf, type CaseFacts } from '../../catalogue/decisions.js';
import { appealText, basisText } from '../../catalogue/legal.js';
import type { RefusalReasonId, ServiceDefinition } from '../../catalogue/types.js';
import type { Queryable } from '../../db/knex.js';
import { readDateParts } from '../../forms/dates.js';
import type { CaseAction } from '../cases/case-action.js';
import { bodyText, officerText, type BackofficeError } from '../forms.js';
import { SUPERVISORS } from '../officers/roles.js';
import { issueFee } from '../../payments/fees.js';
import type { Decision } from '../../db/tables.js';
import { nextPermitNumber, resumeClock, validityFor } from './decision.js';
import { fieldsOf } from '../../http/fields.js';

/** Long enough for a full explanation; a short limit makes people leave things out. */
const NOTE_LENGTH = 5000;

const isAssignee: CaseAction['available'] = ({ application, officer }) => application.assigned_officer === officer.id;

function notAssigneeOr(expected: string): CaseAction['refusal'] {
  return ({ application, officer }) => (application.assigned_officer !== officer.id ? 'notYours' : application.status === 'approved' || application.status === 'refused' ? 'decided' : expected);
}

function bodyList(body: unknown, name: string): string[] {
  const value = fieldsOf(body)[name];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string' && item !== '');
}

export function readNote(body: unknown, field: string, errors: BackofficeError[], required: boolean): string | undefined {
  const note = officerText(bodyText(body, field), { maxLength: NOTE_LENGTH, multiline: true });
  if (note.code) errors.push({ field, code: note.code, values: { max: NOTE_LENGTH } });
  else if (required && !note.value) errors.push({ field, code: 'required' });
  return note.value || undefined;
}

/** Ask the applicant for more: a message and the documents to add. The legal clock stops until they answer. */
export const REQUEST_INFORMATION: CaseAction<{ message: string; documents: string[] }> = {
  name: 'request-information',
  available: (context) => isAssignee(context) && context.application.status === 'in_review',
  refusal: notAssigneeOr('status'),
  form: { view: 'backoffice/request-information.njk', model: ({ service }) => ({ documentIds: service.documents.map((document) => document.id) }) },
  read: (body, { service }) => {
    const errors: BackofficeError[] = [];
    const message = readNote(body, 'message', errors, true);
    const known = new Set(service.documents.map((document) => document.id));
    const documents = bodyList(body, 'documents').filter((id) => known.has(id));
    return errors.length ? { errors, typed: { message: bodyText(body, 'message'), documents } } : { input: { message: message!, documents } };
  },
  decide: async ({ application, officer, today }, input, trx) => {
    const [request] = await trx('information_requests')
      .insert({ application_id: application.id, message: input.message, documents: input.documents, requested_by: officer.id })
      .returning('id');
    return {
      update: { paused_since: today },
      toStatus: 'awaiting_applicant',
      event: 'information-requested',
      details: { request: request!.id, documents: input.documents },
      audit: 'information-requested',
    };
  },
};

/**
 * The applicant's answer has come (in person, by post, or through the portal once it takes them):
 * the case is back in review and its due date moves on by the days the clock stood still.
 */
export const INFORMATION_RECEIVED: CaseAction = {
  name: 'information-received',
  available: (context) => isAssignee(context) && context.application.status === 'awaiting_applicant',
  refusal: notAssigneeOr('status'),
  decide: async ({ application, service, today }, _input, trx) => {
    const { paused, due } = resumeClock(service, application, today);
    await trx('information_requests').where({ application_id: application.id }).whereNull('answered_at').update({ answered_at: trx.fn.now() });
    return {
      update: { paused_since: null, paused_days: application.paused_days + paused, legal_due_date: due },
      toStatus: 'in_review',
      event: 'information-received',
      details: { pausedDays: paused, due },
      audit: 'information-received',
    };
  },
};

/** A decision waits for a second officer where the law asks (four eyes); otherwise it takes effect at once. */
async function decided(context: Parameters<CaseAction['decide']>[0], decision: Decision, trx: Parameters<CaseAction['decide']>[2]) {
  const rules = decisionRules(context.service);
  if (rules.fourEyes) {
    return { update: { proposed_decision: decision }, toStatus: 'pending_confirmation' as const, event: 'decision-proposed', details: { outcome: decision.outcome }, audit: 'decision-proposed' as const };
  }
  return applyDecision(context, decision, trx);
}

/**
 * Makes a decision final: every approval gets its number now (a permit's, a registration's, a
 * decision's), validity kept in columns for lookups; what grants no term is valid from today.
 */
async function applyDecision(context: Parameters<CaseAction['decide']>[0], decision: Decision, trx: Parameters<CaseAction['decide']>[2]) {
  const rules = decisionRules(context.service);
  const approved = decision.outcome === 'approved';
  const permitNumber = approved ? await nextPermitNumber(trx, rules.numberPrefix, context.today) : null;
  // The fee an approval makes due, with its payment number: made with the decision or not at all.
  const fee = approved ? await issueFee(trx, context.application, context.today) : undefined;
  return {
    update: {
      decision,
      proposed_decision: null,
      decided_at: new Date(),
      permit_number: permitNumber,
      valid_from: approved ? (decision.validFrom ?? context.today) : null,
      valid_until: approved ? (decision.validUntil ?? null) : null,
    },
    toStatus: decision.outcome,
    event: 'decided',
    details: { outcome: decision.outcome, permitNumber, paymentNumber: fee?.payment_number ?? null, confirmedBy: decision.confirmedBy ?? null },
    audit: decision.outcome === 'approved' ? ('case-approved' as const) : ('case-refused' as const),
  };
}

function readDate(body: unknown, name: string): { iso?: string; typed: Record<string, string> } {
  const parts = { day: bodyText(body, `${name}-day`).trim(), month: bodyText(body, `${name}-month`).trim(), year: bodyText(body, `${name}-year`).trim() };
  const check = readDateParts(parts);
  return { iso: check.ok ? check.iso : undefined, typed: { [`${name}-day`]: parts.day, [`${name}-month`]: parts.month, [`${name}-year`]: parts.year } };
}

let placesInAzerbaijani: Record<string, string> | undefined;

/** A place as a permit names it: in Azerbaijani, the state language, and without the form's "(district not given)". */
function placeName(id: string): string {
  placesInAzerbaijani ??= (JSON.parse(readFileSync(path.join(LOCALES_DIR, 'az', 'places.json'), 'utf8')) as { places: Record<string, string> }).places;
  return (placesInAzerbaijani[id] ?? id).replace(/\s*\(.*\)$/, '');
}

function formatAddress(answers: Record<string, unknown> | undefined): string {
  if (!answers) return '';
  return ['street', 'building', 'apartment', 'city', 'postcode']
    .map((field) => (field === 'city' && typeof answers.city === 'string' ? placeName(answers.city) : answers[field]))
    .filter((part) => typeof part === 'string' && part)
    .join(', ');
}

export const APPROVE: CaseAction<{ validUntil?: string; address?: string; note?: string }> = {
  name: 'approve',
  available: (context) => isAssignee(context) && context.application.status === 'in_review',
  refusal: notAssigneeOr('status'),
  form: {
    view: 'backoffice/approve.njk',
    model: ({ service, application, today }) => ({
      grants: decisionRules(service).grants,
      validity: validityFor(service, application, today),
      defaultAddress: formatAddress(fieldsOf(application.answers.address)),
      fourEyes: decisionRules(service).fourEyes,
    }),
  },
  read: (body, { service, application, today }) => {
    const errors: BackofficeError[] = [];
    const rules = decisionRules(service);
    const validity = validityFor(service, application, today);
    const typed: Record<string, unknown> = { note: bodyText(body, 'note'), address: bodyText(body, 'address') };
    let validUntil: string | undefined;
    if (validity) {
      const date = readDate(body, 'validUntil');
      Object.assign(typed, date.typed);
      if (!date.iso) errors.push({ field: 'validUntil', code: 'invalid', target: 'validUntil-day' });
      else if (date.iso < validity.from || date.iso > validity.latest) errors.push({ field: 'validUntil', code: 'outOfRange', target: 'validUntil-day', values: { from: validity.from, latest: validity.latest } });
      else validUntil = date.iso;
    }
    let address: string | undefined;
    if (rules.grants === 'registration') {
      const text = officerText(bodyText(body, 'address'), { maxLength: 300 });
      if (text.code) errors.push({ field: 'address', code: text.code, values: { max: 300 } });
      else if (!text.value) errors.push({ field: 'address', code: 'required' });
      else address = text.value;
    }
    const note = readNote(body, 'note', errors, false);
    return errors.length ? { errors, typed } : { input: { validUntil, address, note } };
  },
  decide: (context, input, trx) => {
    const validity = validityFor(context.service, context.application, context.today);
    const decision: Decision = {
      outcome: 'approved',
      grants: decisionRules(context.service).grants,
      validFrom: validity?.from,
      validUntil: input.validUntil,
      address: input.address,
      note: input.note,
      decidedBy: context.officer.id,
    };
    return decided(context, decision, trx);
  },
};

/** What this case has been through, as far as the reasons that can apply to it depend on it. */
async function caseFacts(db: Queryable, applicationId: string): Promise<CaseFacts> {
  const request = await db('information_requests').where({ application_id: applicationId }).first('id');
  return { informationRequested: !!request };
}

/** The basis an officer reads beside a reason: the law and article, or that the article is for the Service to confirm. */
function basisHint(t: TFunction, service: ServiceDefinition, reason: RefusalReasonId): string {
  const basis = legalBasisOf(service, reason);
  return basis.article ? basisText(t, basis) : t('backoffice:actions.refuse.basisToConfirm', { law: t(`decisions:laws.${basis.law}`) });
}

export const REFUSE: CaseAction<{ reasons: RefusalReasonId[]; note?: string }> = {
  name: 'refuse',
  available: (context) => isAssignee(context) && context.application.status === 'in_review',
  refusal: notAssigneeOr('status'),
  form: {
    view: 'backoffice/refuse.njk',
    // Only the reasons that can apply to this case: "still incomplete after a request" needs a request.
    model: async ({ service, application, deps }) => {
      const rules = decisionRules(service);
      const reasons = applicableRefusals(service, await caseFacts(deps.db, application.id));
      return {
        reasons,
        basisHint: (t: TFunction, reason: RefusalReasonId) => basisHint(t, service, reason),
        appealSentence: (t: TFunction) => appealText(t, rules.appeal),
        appealConfirmed: rules.appeal.confirmedByService,
        fourEyes: rules.fourEyes,
      };
    },
  },
  read: async (body, { service, application }, db) => {
    const errors: BackofficeError[] = [];
    const offered = new Set<string>(refusalReasonsOf(service));
    const applicable = new Set<string>(applicableRefusals(service, await caseFacts(db, application.id)));
    const reasons = bodyList(body, 'reasons').filter((reason) => offered.has(reason)) as RefusalReasonId[];
    if (!reasons.length) errors.push({ field: 'reasons', code: 'required' });
    else if (reasons.some((reason) => !applicable.has(reason))) errors.push({ field: 'reasons', code: 'notApplicable' });
    const note = readNote(body, 'note', errors, false);
    return errors.length ? { errors, typed: { reasons, note: bodyText(body, 'note') } } : { input: { reasons, note } };
  },
  decide: (context, input, trx) => decided(context, { outcome: 'refused', reasons: [...new Set(input.reasons)], note: input.note, decidedBy: context.officer.id }, trx),
};

/** Four eyes: a supervisor other than the officer who decided. */
const secondOfficer: CaseAction['available'] = ({ application, officer }) =>
  SUPERVISORS.includes(officer.role) && application.status === 'pending_confirmation' && application.proposed_decision?.decidedBy !== officer.id;

const secondOfficerRefusal: CaseAction['refusal'] = ({ application, officer }) =>
  application.status !== 'pending_confirmation' ? 'status' : !SUPERVISORS.includes(officer.role) ? 'notSupervisor' : 'ownDecision';

export const CONFIRM: CaseAction = {
  name: 'confirm',
  available: secondOfficer,
  refusal: secondOfficerRefusal,
  decide: (context, _input, trx) => applyDecision(context, { ...context.application.proposed_decision!, confirmedBy: context.officer.id }, trx),
};

export const SEND_BACK: CaseAction<{ note: string }> = {
  name: 'send-back',
  available: secondOfficer,
  refusal: secondOfficerRefusal,
  form: { view: 'backoffice/send-back.njk', model: () => ({}) },
  read: (body) => {
    const errors: BackofficeError[] = [];
    const note = readNote(body, 'note', errors, true);
    return errors.length ? { errors, typed: { note: bodyText(body, 'note') } } : { input: { note: note! } };
  },
  decide: ({ application }, input) => ({
    update: { proposed_decision: null },
    toStatus: 'in_review',
    event: 'sent-back',
    details: { note: input.note, outcome: application.proposed_decision?.outcome ?? null },
    audit: 'decision-sent-back',
  }),
};
