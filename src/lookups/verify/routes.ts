import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Route } from '../../http/route-table.js';
import type { FormDeps } from '../../forms/context.js';
import { todayInBaku } from '../../time/calendar.js';
import { date, radios, text } from '../../forms/fields/index.js';
import type { FieldError, RawStep } from '../../forms/model.js';
import { readFields, validateFields } from '../../forms/steps/question.js';
import { formatDateTime } from '../../i18n/format.js';
import { countOrRefuse } from '../../security/limits.js';
import { formModel } from '../fields.js';
import { readShareCode } from '../share-codes.js';
import { readVerificationCode } from '../../applications/verification-codes.js';
import { permitByNumber, permitByShareCode, permitByVerificationCode, readPermitNumber, type PermitCheck } from './query.js';
import { clientAddress } from '../../security/client-address.js';
import { fieldsOf } from '../../http/fields.js';

export const VERIFY_FIELDS = [
  radios('method', ['shareCode', 'permitNumber'], {
    reveal: {
      shareCode: [text('shareCode', { maxLength: 20, spellcheck: false, width: '10', autocomplete: 'off' })],
      permitNumber: [text('permitNumber', { maxLength: 30, spellcheck: false, width: '20', autocomplete: 'off' }), date('dateOfBirth', { time: 'past' })],
    },
  }),
] as const;

/** Codes the verification form gives beyond its fields' own. */
export const VERIFY_CODES = ['noMatch'] as const;

export const VERIFY_SCOPE = { service: 'verify', step: 'verify', namespace: 'verify' };

function renderForm(res: Response, raw: RawStep | undefined, errors: FieldError[]): void {
  res
    .status(errors.length ? 400 : 200)
    .set('Cache-Control', 'no-store')
    .render('lookups/verify.njk', formModel(res, VERIFY_SCOPE, VERIFY_FIELDS, raw, errors));
}

function renderResult(res: Response, permit: PermitCheck, now: Date, byCode = false): void {
  const { t, formatDate, lang } = res.locals;
  // A permit is named as one; a registration or a decision as a document.
  const words = permit.grants === 'permit' ? { title: 'title', explain: 'explain' } : { title: 'documentTitle', explain: 'documentExplain' };
  res.set('Cache-Control', 'no-store').render('lookups/verify-result.njk', {
    permit,
    title: t(`verify:result.${words.title}.${permit.state}`),
    explain: t(`verify:result.${words.explain}.${permit.state}`),
    byCode,
    kind: t(`verify:kinds.${permit.prefix}`, { defaultValue: t('verify:kinds.other') }),
    validFrom: permit.validFrom ? formatDate(permit.validFrom) : undefined,
    validUntil: permit.validUntil ? formatDate(permit.validUntil) : undefined,
    checkedAt: formatDateTime(now, lang),
  });
}

const hashed = (value: string) => createHash('sha256').update(`verify:${value}`).digest('hex');

/**
 * Checks a permit for an employer, a landlord or anyone the holder asks: by a share code the
 * holder made, or by the permit's number and the holder's date of birth. Valid, expired or
 * revoked, its kind, dates and the holder's name; nothing else. A permit that does not exist, a
 * date that differs and a code that no longer works get the very same answer. Counted per address
 * and per number or code.
 */
async function submitVerify(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const now = deps.clock();
  const raw = readFields(VERIFY_FIELDS, fieldsOf(req.body));
  const result = validateFields(VERIFY_FIELDS, raw, { today: todayInBaku(now), answers: {} });
  if (!result.ok) return renderForm(res, raw, result.errors);
  const values = result.values;
  const byCode = values.method === 'shareCode';
  const code = byCode ? readShareCode(String(values.shareCode)) : null;
  const number = byCode ? null : readPermitNumber(String(values.permitNumber));
  // A code or number that cannot be one was mistyped: saying so tells nothing about any permit.
  if (byCode && !code) return renderForm(res, raw, [{ field: 'shareCode', code: 'format' }]);
  if (!byCode && !number) return renderForm(res, raw, [{ field: 'permitNumber', code: 'format' }]);
  await countOrRefuse(deps.db, [
    { key: `verify:ip:${clientAddress(req)}`, limit: deps.limits.verifyPerAddress },
    { key: `verify:record:${hashed(code ?? number!)}`, limit: deps.limits.verifyPerRecord },
  ]);
  const permit = code ? await permitByShareCode(deps.db, code, now) : await permitByNumber(deps.db, number!, String(values.dateOfBirth), now);
  if (!permit) return renderForm(res, raw, [{ field: byCode ? 'shareCode' : 'permitNumber', code: 'noMatch' }]);
  renderResult(res, permit, now);
}

/**
 * The check a decision document's QR code opens: its own verification code in the address, nothing
 * to type. Counted per address and per code like any check; a code that finds nothing gets a page
 * that says so and offers the check by number.
 */
async function verifyByCode(deps: FormDeps, req: Request, res: Response): Promise<void> {
  const now = deps.clock();
  const code = readVerificationCode(String(req.params.code));
  if (code) {
    await countOrRefuse(deps.db, [
      { key: `verify:ip:${req.ip ?? 'unknown'}`, limit: deps.limits.verifyPerAddress },
      { key: `verify:record:${hashed(code)}`, limit: deps.limits.verifyPerRecord },
    ]);
  }
  const permit = code ? await permitByVerificationCode(deps.db, code, now) : undefined;
  if (!permit) {
    res.status(404).set('Cache-Control', 'no-store').render('lookups/verify-not-found.njk');
    return;
  }
  renderResult(res, permit, now, true);
}

/** Documents printed before they carried a verification code open the form with their number: only the date of birth is left to give. */
function showVerify(_deps: FormDeps, req: Request, res: Response): void {
  const number = typeof req.query.permit === 'string' ? readPermitNumber(req.query.permit) : null;
  renderForm(res, number ? { method: 'permitNumber', permitNumber: number } : undefined, []);
}

export const VERIFY_ROUTES: readonly Route<FormDeps>[] = [
  { method: 'get', path: '/verify/:code', access: 'public', handle: verifyByCode },
  { method: 'get', path: '/verify', access: 'public', handle: showVerify },
  { method: 'post', path: '/verify', body: 'form', access: 'public', handle: submitVerify },
];
