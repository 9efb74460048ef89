import type { Request, Response } from 'express';
import { normaliseReference } from '../../applications/reference.js';
import { normaliseDocumentNumber } from '../../catalogue/blocks/person.js';
import type { FieldError, RawStep } from '../../forms/model.js';
import { saveSession } from '../../forms/pages/step-page.js';
import { hashedKey, readQuestion, renderQuestion, type LookupDeps } from '../../lookups/page.js';
import { clientAddress } from '../../security/client-address.js';
import { countOrRefuse } from '../../security/limits.js';
import { BOOKING_PATH, MANAGE_PATH, SERVICE_PAGE } from '../paths.js';
import { VISIT_MANAGE } from '../questions.js';
import { findBooking } from '../repository.js';
import type { VisitHandle } from './visit-page.js';

function renderManage(res: Response, options: { raw?: RawStep; errors?: readonly FieldError[] } = {}): void {
  renderQuestion(res, VISIT_MANAGE, { action: MANAGE_PATH, backHref: SERVICE_PAGE, ...options });
}

/** The code as it would be looked up (O read as 0, I and L as 1), so that spellings of one code count together. */
function lookedUpCode(typed: string): string {
  return normaliseReference(typed) ?? typed.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

function countLookup(deps: LookupDeps, req: Request, code: string): Promise<void> {
  return countOrRefuse(deps.db, [
    { key: `visitLookup:ip:${clientAddress(req)}`, limit: deps.limits.visitLookupPerAddress },
    { key: `visitLookup:code:${hashedKey('visit-code', code)}`, limit: deps.limits.visitLookupPerCode },
  ]);
}

/** A new session id for whoever proved they hold the booking; the forms they have begun stay theirs. */
async function holdBooking(req: Request, id: string, code: string): Promise<void> {
  const drafts = req.session.drafts;
  await new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
  req.session.drafts = drafts;
  req.session.visit = { manage: id, code };
  await saveSession(req);
}

// The link in a booking's mail fills in its code; the document number is still asked.
export const showManage: VisitHandle = (_deps, req, res) => renderManage(res, { raw: typeof req.query.code === 'string' ? { bookingCode: req.query.code.slice(0, 30) } : undefined });

export const openBooking: VisitHandle = async (deps, req, res) => {
  const { raw, values, errors } = readQuestion(VISIT_MANAGE, req, deps.clock());
  if (!values) return renderManage(res, { raw, errors });
  const code = lookedUpCode(String(values.bookingCode));
  await countLookup(deps, req, code);
  // An unknown code, a mistyped one and another person's document number get the very same answer.
  const booking = await findBooking(deps.db, code, normaliseDocumentNumber(String(values.documentNumber)), deps.clock());
  if (!booking) return renderManage(res, { raw, errors: [{ field: 'bookingCode', code: 'noMatch' }] });
  await holdBooking(req, booking.id, code);
  res.redirect(303, BOOKING_PATH);
};
