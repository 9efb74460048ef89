import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { readOpenTarget, type OpenTarget } from '../../applications/links.js';
import { normaliseReference } from '../../applications/reference.js';
import type { FormDeps } from '../../forms/context.js';
import { todayInBaku } from '../../time/calendar.js';
import { text } from '../../forms/fields/index.js';
import { identifierChoice, identifierMatches } from '../../forms/person-identifier.js';
import type { FieldError, RawStep } from '../../forms/model.js';
import { readFields, validateFields } from '../../forms/steps/question.js';
import { countOrRefuse } from '../../security/limits.js';
import { formModel } from '../fields.js';
import { openTargetPath } from './open.js';
import { followApplication } from './session.js';
import { clientAddress } from '../../security/client-address.js';
import { fieldsOf } from '../../http/fields.js';

/** The reference, then one detail of the person, chosen: the date of birth or the document number given in the application. */
export const FIND_FIELDS = [text('reference', { maxLength: 30, spellcheck: false, width: '20', autocomplete: 'off' }), identifierChoice()] as const;

/** Codes the tracking form gives beyond its fields' own. */
export const FIND_CODES = ['noMatch'] as const;

export const FIND_SCOPE = { service: 'tracking', step: 'find', namespace: 'tracking' };

/** The form, with what a link from a mail prefilled (the reference) and what it is to open once found. */
export function renderFind(res: Response, raw: RawStep | undefined, errors: FieldError[], options: { status?: number; open?: OpenTarget } = {}): void {
  res
    .status(options.status ?? (errors.length ? 400 : 200))
    .set('Cache-Control', 'no-store')
    .render('lookups/track-find.njk', { ...formModel(res, FIND_SCOPE, FIND_FIELDS, raw, errors), open: options.open });
}

/** Counted per address and per reference (hashed: the counters are not a list of references). */
function countAttempt(deps: FormDeps, req: Request, reference: string): Promise<void> {
  return countOrRefuse(deps.db, [
    { key: `track:ip:${clientAddress(req)}`, limit: deps.limits.trackPerAddress },
    { key: `track:ref:${createHash('sha256').update(`track:${reference}`).digest('hex')}`, limit: deps.limits.trackPerReference },
  ]);
}

/**
 * The reference as people type it (spaces, dashes, lower case, O for 0 and I or L for 1, which
 * the alphabet of references leaves out), and the date of birth or the document number given in
 * the application, whichever the person chose. No such reference and a detail that differs get
 * the very same page, so the form says nothing about which references exist.
 */
export async function submitFind(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const body = fieldsOf(req.body);
  const raw = readFields(FIND_FIELDS, body);
  const open = readOpenTarget(body.open);
  const result = validateFields(FIND_FIELDS, raw, { today: todayInBaku(deps.clock()), answers: {} });
  const errors = result.ok ? [] : [...result.errors];
  const values = result.ok ? result.values : {};
  // A reference whose check character does not fit was mistyped: saying so tells nothing about any application.
  const reference = result.ok ? normaliseReference(String(values.reference)) : null;
  if (result.ok && !reference) errors.unshift({ field: 'reference', code: 'format' });
  if (errors.length) return renderFind(res, raw, errors, { open });

  await countAttempt(deps, req, reference!);
  const row = await deps.db('applications').where({ reference: reference! }).first('id', 'date_of_birth', 'document_number');
  if (!row || !identifierMatches(values, { dateOfBirth: row.date_of_birth, documentNumber: row.document_number })) return renderFind(res, raw, [{ field: 'reference', code: 'noMatch' }], { open });
  await followApplication(req, row.id);
  const application = open ? await deps.db('applications').where({ id: row.id }).first() : undefined;
  const target = application && (await openTargetPath(deps.db, application, open!, deps.decisionTokenKey, deps.clock()));
  res.redirect(303, target ?? '/track');
}
