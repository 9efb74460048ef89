import type { Request, Response } from 'express';
import type { Route } from '../../http/route-table.js';
import { countOrRefuse } from '../../security/limits.js';
import { FormState, onlineService, readerOf, type FormDeps } from '../context.js';
import { todayInBaku } from '../../time/calendar.js';
import { errorList, fieldViews } from '../field-views.js';
import { text } from '../fields/index.js';
import type { FieldError } from '../model.js';
import { identifierChoice, identifierMatches } from '../person-identifier.js';
import { startHref } from '../navigation.js';
import { saveSession } from '../pages/step-page.js';
import { readFields, validateFields } from '../steps/question.js';
import { draftIdentifiers } from './save-page.js';
import { hashResumeCode, readResumeCode } from './codes.js';
import { clientAddress } from '../../security/client-address.js';
import { fieldsOf } from '../../http/fields.js';

/** The code, then one detail of the person, chosen as on the tracking page: both are needed, neither is optional. */
export const RESUME_FIELDS = [text('resumeCode', { maxLength: 30, spellcheck: false, width: '20' }), identifierChoice()] as const;

const SCOPE = { service: 'resume', step: 'resume' };

function render(req: Request, res: Response, raw: Record<string, unknown> | undefined, errors: FieldError[], status = errors.length ? 400 : 200): void {
  const reader = readerOf(res);
  const input = { scope: SCOPE, reader, raw, errors, answers: {} };
  res.status(status).set('Cache-Control', 'no-store').render('forms/resume.njk', {
    fields: fieldViews(RESUME_FIELDS, input),
    errorList: errorList(RESUME_FIELDS, input),
  });
}

/** Counts the attempt by address and by code; past either limit, the 429 page says when to try again. */
function countResumeAttempt(req: Request, deps: FormDeps, code: string | null): Promise<void> {
  const attempts = [{ key: `resume:ip:${clientAddress(req)}`, limit: deps.limits.resumePerAddress }];
  if (code) attempts.push({ key: `resume:code:${hashResumeCode(code)}`, limit: deps.limits.resumePerCode });
  return countOrRefuse(deps.db, attempts);
}

/** Opens a saved draft in any browser with its code and the date of birth or document number it holds. */
async function submitResume(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const raw = readFields(RESUME_FIELDS, fieldsOf(req.body));
  const result = validateFields(RESUME_FIELDS, raw, { today: todayInBaku(deps.clock()), answers: {} });
  if (!result.ok) return render(req, res, raw, result.errors);
  const values = result.values;

  const code = readResumeCode(String(values.resumeCode));
  await countResumeAttempt(req, deps, code);
  // An unknown code, a mistyped one and a wrong date or number get the very same answer.
  const notFound = () => render(req, res, raw, [{ field: 'resumeCode', code: 'noMatch' }]);
  if (!code) return notFound();
  const draft = await deps.db('drafts').where({ resume_code_hash: hashResumeCode(code) }).whereNull('application_id').where('expires_at', '>', deps.db.fn.now()).first();
  const service = draft ? onlineService(deps.findService, draft.service_id) : undefined;
  if (!draft || !service) return notFound();
  req.session.drafts = { ...req.session.drafts, [service.id]: draft.id };
  const state = await FormState.load(deps, req, service);
  if (!identifierMatches(values, draftIdentifiers(state))) {
    delete req.session.drafts[service.id];
    return notFound();
  }
  // A new session id for the applicant who proved they hold the draft.
  await new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
  req.session.drafts = { [service.id]: draft.id };
  await saveSession(req);
  res.redirect(303, startHref(service));
}

export const RESUME_ROUTES: readonly Route<FormDeps>[] = [
  { method: 'get', path: '/resume', access: 'public', handle: (_deps, req, res) => render(req, res, undefined, []) },
  { method: 'post', path: '/resume', body: 'form', access: 'public', handle: submitResume },
];
