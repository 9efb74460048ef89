import type { Request, Response } from 'express';
import type { Queryable } from '../../db/knex.js';
import { readerOf, type FormState } from '../context.js';
import { todayInBaku } from '../../time/calendar.js';
import { errorList, fieldViews } from '../field-views.js';
import { date } from '../fields/index.js';
import { answerAt } from '../journey.js';
import { normaliseDocumentNumber } from '../person-identifier.js';
import { readFields, validateFields } from '../steps/question.js';
import { startHref } from '../navigation.js';
import { saveSession } from '../pages/step-page.js';
import { formatResumeCode, hashResumeCode, newResumeCode } from './codes.js';
import { mailAddress } from '../../text/mail-address.js';
import type { Language } from '../../i18n/languages.js';
import { fieldsOf } from '../../http/fields.js';

declare module 'express-session' {
  interface SessionData {
    /** The resume code shown for a draft, so the page can show it again in this session only. */
    resumeCodes?: Record<string, string>;
  }
}

/** Asked when a draft holds neither a date of birth nor a document number yet. */
export const PROTECT_FIELDS = [date('dateOfBirth', { time: 'past', autocomplete: 'bday' })] as const;

/** What a resume must match besides the code: the draft's date of birth and document number. */
export function draftIdentifiers(state: FormState): { dateOfBirth?: string; documentNumber?: string } {
  const { answers } = state.progress;
  const born = answerAt(answers, state.service.journey.person.dateOfBirth) ?? state.draft?.resume_date_of_birth ?? undefined;
  const document = answerAt(answers, state.service.journey.person.documentNumber);
  return {
    dateOfBirth: typeof born === 'string' ? born : undefined,
    documentNumber: typeof document === 'string' ? normaliseDocumentNumber(document) : undefined,
  };
}

async function issueCode(db: Queryable, req: Request, draftId: string): Promise<string> {
  const known = req.session.resumeCodes?.[draftId];
  if (known) return known;
  const code = newResumeCode();
  await db('drafts').where({ id: draftId }).update({ resume_code_hash: hashResumeCode(code) });
  req.session.resumeCodes = { ...req.session.resumeCodes, [draftId]: code };
  await saveSession(req);
  return code;
}

function renderProtect(state: FormState, res: Response, raw: Record<string, unknown> | undefined, errors: Parameters<typeof errorList>[1]['errors']): void {
  const reader = readerOf(res);
  const input = { scope: { service: state.service.id, step: 'saved' }, reader, raw, errors, answers: {} };
  res.status(errors.length ? 400 : 200).render('forms/save-protect.njk', {
    service: state.service,
    fields: fieldViews(PROTECT_FIELDS, input),
    errorList: errorList(PROTECT_FIELDS, input),
    action: `${state.base}/saved`,
    backHref: startHref(state.service),
  });
}

/** "Your answers are saved": the code to come back with, and the day the draft will be deleted. */
export async function showSaved(state: FormState, req: Request, res: Response): Promise<void> {
  const draft = state.draft!;
  const identifiers = draftIdentifiers(state);
  if (!identifiers.dateOfBirth && !identifiers.documentNumber) return renderProtect(state, res, undefined, []);
  const code = await issueCode(state.deps.db, req, draft.id);
  const to = draftEmail(state);
  res.render('forms/saved.njk', {
    service: state.service,
    code: formatResumeCode(code),
    deleteOn: todayInBaku(draft.expires_at),
    asks: identifiers.dateOfBirth ? 'dateOfBirth' : 'documentNumber',
    continueHref: startHref(state.service),
    // Offered where the answers hold an address: the code goes there only when asked.
    mail: to ? { to, action: `${state.base}/saved/email`, sent: req.query.mailed === '1' } : undefined,
  });
}

/** The address the draft's contact step holds, if it is one a mail can go to. */
function draftEmail(state: FormState): string | undefined {
  return mailAddress(answerAt(state.progress.answers, state.service.journey.person.email));
}

/** "Send me the code by email": once per code, to the draft's own address (never one typed here). */
export async function submitMailCode(state: FormState, req: Request, res: Response): Promise<void> {
  const draft = state.draft!;
  const code = req.session.resumeCodes?.[draft.id];
  const identifiers = draftIdentifiers(state);
  if (!code || !draftEmail(state) || (!identifiers.dateOfBirth && !identifiers.documentNumber)) return res.redirect(303, `${state.base}/saved`);
  await state.deps.mail.resumeCode(state.deps.db, draft, code, { asks: identifiers.dateOfBirth ? 'dateOfBirth' : 'documentNumber', fallback: req.language as Language });
  res.redirect(303, `${state.base}/saved?mailed=1`);
}

export async function submitProtect(state: FormState, req: Request, res: Response): Promise<void> {
  const raw = readFields(PROTECT_FIELDS, fieldsOf(req.body));
  const result = validateFields(PROTECT_FIELDS, raw, { today: state.today, answers: {} });
  if (!result.ok) return renderProtect(state, res, raw, result.errors);
  await state.deps.db('drafts').where({ id: state.draft!.id }).update({ resume_date_of_birth: String(result.values.dateOfBirth) });
  res.redirect(303, `${state.base}/saved`);
}
