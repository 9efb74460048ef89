import type { NextFunction, Request, Response } from 'express';
import type { Route } from '../http/route-table.js';
import type { Logger } from 'pino';
import type { Database } from '../db/knex.js';
import { formatReference } from '../applications/reference.js';
import { readerOf } from '../forms/context.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { sendPdf } from '../pdf/send.js';
import { countOrRefuse, type Limits } from '../security/limits.js';
import { feeReceiptPath, findFee, type FeeView } from './fees.js';
import { receiveNotice } from './notices.js';
import { paymentReceiptPdf } from './receipt.js';
import { groupedPaymentNumber, readPaymentNumber } from './numbers.js';
import { SIGNATURE_HEADER, type PaymentProvider } from './provider.js';
import { clientAddress } from '../security/client-address.js';
import { fieldsOf } from '../http/fields.js';

declare module 'express-session' {
  interface SessionData {
    /** Payment numbers this browser found through the lookup: their pages open without asking again. */
    fees?: string[];
  }
}

interface PaymentDeps {
  db: Database;
  provider: PaymentProvider;
  clock: () => Date;
  logger: Logger;
  limits: Limits;
  /** Key under `common:authority.`: who issues the payment receipt. */
  authority: string;
}

const LOOKUP_PATH = '/payments';
const NOTICE_PATH = '/payments/notice';
type NoticeDeps = Pick<PaymentDeps, 'db' | 'provider' | 'clock' | 'logger'>;

/**
 * The provider's notices: read as raw bytes (the signature is over them), before the session and
 * the form-body reader, and without CSRF: the HMAC is what proves where a notice comes from.
 */
export const PAYMENT_NOTICE_ROUTES: readonly Route<NoticeDeps>[] = [
  {
    method: 'post',
    path: NOTICE_PATH,
    body: { kind: 'raw', limit: '8kb' },
    access: 'public',
    handle: async (deps, req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.headers[SIGNATURE_HEADER];
      const outcome = await receiveNotice(deps, body, typeof signature === 'string' ? signature : undefined);
      res.status(outcome.status).set('Cache-Control', 'no-store').json({ outcome: outcome.code });
    },
  },
];

function renderLookup(res: Response, typed: string, error: 'required' | 'noMatch' | null): void {
  const errorList = error ? [{ text: res.locals.t(`payments:lookup.errors.${error}`), href: '#paymentNumber' }] : [];
  res.status(error ? 400 : 200).set('Cache-Control', 'no-store').render('payments/lookup.njk', { typed, errorList, error: errorList[0]?.text });
}

function feeModel(res: Response, fee: FeeView, today: string) {
  const t = res.locals.t;
  return {
    fee,
    number: groupedPaymentNumber(fee.payment_number),
    amount: res.locals.formatMoney(Number(fee.amount)),
    service: t(`services:services.${fee.service_id}.name`),
    dueDate: res.locals.formatDate(fee.due_date),
    overdue: !fee.paid_at && fee.due_date < today,
    paidOn: fee.paid_at ? formatDate(fee.paid_at, res.locals.lang) : null,
    paidAt: fee.paid_at ? formatDateTime(fee.paid_at, res.locals.lang) : null,
    reference: formatReference(fee.reference),
    receiptHref: feeReceiptPath(fee.payment_number),
  };
}

const today = (clock: () => Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baku' }).format(clock());

/**
 * The fee this browser found, or the fee of the application it follows on /track; otherwise a
 * send to the lookup with the number filled in (a fee is never shown unasked, and the lookup counts tries).
 */
async function foundFee(deps: PaymentDeps, req: Request, res: Response): Promise<FeeView | undefined> {
  const number = String(req.params.number);
  const fee = await findFee(deps.db, number);
  if (fee && (req.session.fees?.includes(number) || req.session.tracking?.applicationId === fee.application_id)) return fee;
  res.redirect(303, `${LOOKUP_PATH}?${new URLSearchParams({ number }).toString()}`);
  return undefined;
}

// A link with the number (from a mail, or a fee page this browser has not opened yet) fills it in; finding it is still a try.
function showLookup(_deps: PaymentDeps, req: Request, res: Response): void {
  renderLookup(res, typeof req.query.number === 'string' ? req.query.number.replace(/[^\d\s-]/g, '').slice(0, 40) : '', null);
}

async function submitLookup(deps: PaymentDeps, req: Request, res: Response): Promise<void> {
  const typed = String(fieldsOf(req.body).paymentNumber ?? '').slice(0, 40);
  if (!typed.trim()) return renderLookup(res, typed, 'required');
  const number = readPaymentNumber(typed);
  const attempts = [{ key: `fee:ip:${clientAddress(req)}`, limit: deps.limits.feeLookupPerAddress }];
  if (number) attempts.push({ key: `fee:number:${number}`, limit: deps.limits.feeLookupPerNumber });
  await countOrRefuse(deps.db, attempts);
  // A mistyped number, an unknown one and one with a wrong check digit get the very same answer.
  const fee = number ? await findFee(deps.db, number) : undefined;
  if (!fee) return renderLookup(res, typed, 'noMatch');
  req.session.fees = [...(req.session.fees ?? []).filter((known) => known !== fee.payment_number), fee.payment_number].slice(-10);
  res.redirect(303, `${LOOKUP_PATH}/${fee.payment_number}`);
}

type FeeHandler = (deps: PaymentDeps, req: Request, res: Response, fee: FeeView) => Promise<void> | void;

/** A page of one fee: a path whose number is not twelve digits is no fee's, and the fee must be this browser's. */
function ofFee(handler: FeeHandler): PaymentRoute['handle'] {
  return async (deps: PaymentDeps, req: Request, res: Response, next: NextFunction) => {
    if (!/^\d{12}$/.test(String(req.params.number))) return next();
    const fee = await foundFee(deps, req, res);
    if (fee) await handler(deps, req, res, fee);
  };
}

const showFeePage: FeeHandler = (deps, req, res, fee) => {
  res.set('Cache-Control', 'no-store').render('payments/fee.njk', {
    ...feeModel(res, fee, today(deps.clock)),
    returned: req.query.returned === '1',
    canPay: deps.provider.name !== 'none',
  });
};

const sendFeeReceipt: FeeHandler = async (deps, _req, res, fee) => {
  if (!fee.paid_at) return res.redirect(303, `${LOOKUP_PATH}/${fee.payment_number}`);
  const reader = readerOf(res);
  const pdf = await paymentReceiptPdf({ ...fee, paid_at: fee.paid_at }, { reader, authority: deps.authority });
  sendPdf(res, pdf, `payment-${fee.payment_number}-${reader.lang}.pdf`);
};

const payFee: FeeHandler = async (deps, _req, res, fee) => {
  if (fee.paid_at) return res.redirect(303, `${LOOKUP_PATH}/${fee.payment_number}`);
  const started = await deps.provider.start({ paymentNumber: fee.payment_number, amount: fee.amount, returnUrl: `${LOOKUP_PATH}/${fee.payment_number}`, language: res.locals.lang });
  if (!started) return res.redirect(303, `${LOOKUP_PATH}/${fee.payment_number}`);
  res.redirect(303, started.redirectUrl);
};

type PaymentRoute = Route<PaymentDeps>;

/** Find a state fee by its payment number (service 16), and pay it at the provider. */
export const PAYMENT_ROUTES: readonly PaymentRoute[] = [
  { method: 'get', path: LOOKUP_PATH, access: 'public', handle: showLookup },
  { method: 'post', path: LOOKUP_PATH, body: 'form', access: 'public', handle: submitLookup },
  { method: 'get', path: '/payments/:number', access: 'public', handle: ofFee(showFeePage) },
  { method: 'get', path: '/payments/:number/receipt.pdf', access: 'public', handle: ofFee(sendFeeReceipt) },
  { method: 'post', path: '/payments/:number/pay', body: 'form', access: 'public', handle: ofFee(payFee) },
];
