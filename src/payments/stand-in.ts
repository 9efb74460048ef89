import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Route } from '../http/route-table.js';
import { readPaymentNumber } from './numbers.js';
import { signNotice, verifySignedNotice, type PaymentProvider } from './provider.js';
import { fieldsOf } from '../http/fields.js';

/** Where the stand-in's page is; mounted only when NODE_ENV is not production. */
const STAND_IN_PATH = '/payments/test-provider';

/**
 * The development stand-in for the government payment provider, behind the same interface: it
 * sends the payer to its own page ("Test payment provider — not a real payment"), and on "Pay"
 * signs a notice with the shared secret exactly as the provider would, hands it to the portal's
 * notice handler (the function behind POST /payments/notice, with the raw body and signature) and
 * sends the payer back. Production never mounts it: its path is a page not found there.
 */
export function standInProvider(secret: string): PaymentProvider {
  return {
    name: 'stand-in',
    start: (request) => {
      const query = new URLSearchParams({ payment: request.paymentNumber, amount: request.amount, return: request.returnUrl, lang: request.language });
      return Promise.resolve({ redirectUrl: `${STAND_IN_PATH}?${query.toString()}` });
    },
    verifyNotice: (rawBody, signature) => verifySignedNotice(secret, rawBody, signature),
  };
}

/** What the stand-in was asked to take; anything else is refused as a bad request. */
function readRequest(source: Record<string, unknown>): { payment: string; amount: string; returnUrl: string } | null {
  const payment = typeof source.payment === 'string' ? readPaymentNumber(source.payment) : null;
  const amount = typeof source.amount === 'string' && /^\d{1,8}(\.\d{1,2})?$/.test(source.amount) ? source.amount : null;
  // Only back to the portal's own fee pages: never an address elsewhere.
  const returnUrl = typeof source.return === 'string' && /^\/payments\/\d{12}$/.test(source.return) ? source.return : null;
  return payment && amount && returnUrl ? { payment, amount, returnUrl } : null;
}

export interface StandInDeps {
  secret: string;
  clock: () => Date;
  /** How a signed notice reaches the portal: its notice handler, called with the bytes the provider would send. */
  deliver: (rawBody: Buffer, signature: string) => Promise<unknown>;
}

function showStandIn(_deps: StandInDeps, req: Request, res: Response): void {
  const request = readRequest(req.query);
  if (!request) return res.status(400).render('errors/bad-request.njk');
  res.set('Cache-Control', 'no-store').render('payments/stand-in.njk', { request, amount: res.locals.formatMoney(Number(request.amount)) });
}

async function payAtStandIn(deps: StandInDeps, req: Request, res: Response): Promise<void> {
  const request = readRequest(fieldsOf(req.body));
  if (!request) return res.status(400).render('errors/bad-request.njk');
  const body = Buffer.from(JSON.stringify({ noticeId: randomUUID(), paymentNumber: request.payment, amount: request.amount, sentAt: deps.clock().toISOString() }));
  await deps.deliver(body, signNotice(deps.secret, body));
  res.redirect(303, `${request.returnUrl}?returned=1`);
}

export const STAND_IN_ROUTES: readonly Route<StandInDeps>[] = [
  { method: 'get', path: STAND_IN_PATH, access: 'public', handle: showStandIn },
  { method: 'post', path: STAND_IN_PATH, body: 'form', access: 'public', handle: payAtStandIn },
];
