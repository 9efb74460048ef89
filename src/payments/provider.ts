import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Language } from '../i18n/languages.js';

/**
 * The payment provider, as the portal sees it: it starts a payment (the payer goes to the
 * provider's page and comes back to `returnUrl`), and it tells the portal that a payment was made
 * with a notice it signs. The government provider and the development stand-in are both this.
 * No card data ever reaches the portal.
 */
interface PaymentRequest {
  paymentNumber: string;
  /** '350.00': the amount due, in AZN. */
  amount: string;
  /** Where the provider sends the payer back, on the portal. */
  returnUrl: string;
  language: Language;
}

export interface PaymentProvider {
  readonly name: string;
  /** Where to send the payer to pay; null when no provider is connected (production without one). */
  start(request: PaymentRequest): Promise<{ redirectUrl: string } | null>;
  /** Reads a notice the provider sent to the portal: its signature, then its contents. */
  verifyNotice(rawBody: Buffer, signature: string | undefined): NoticeReading;
}

/** The header the provider puts the signature in: the HMAC-SHA256 of the raw body, in hex. */
export const SIGNATURE_HEADER = 'x-payment-signature';

/** What a notice says: this amount was paid for this payment number. */
const noticeSchema = z
  .object({
    noticeId: z.string().regex(/^[\w-]{8,64}$/),
    paymentNumber: z.string().regex(/^\d{12}$/),
    amount: z.string().regex(/^\d{1,8}(\.\d{1,2})?$/),
    /** When the provider sent it: an old notice is refused as a replay. */
    sentAt: z.string().datetime({ offset: true }),
  })
  .strict();

type PaymentNotice = z.infer<typeof noticeSchema>;

export type NoticeReading = { ok: true; notice: PaymentNotice } | { ok: false; status: 400 | 401; code: 'badSignature' | 'malformed' };

export function signNotice(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Checks the signature in constant time, then the contents; never says more than why it refused. */
export function verifySignedNotice(secret: string | undefined, rawBody: Buffer, signature: string | undefined): NoticeReading {
  if (!secret || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, status: 401, code: 'badSignature' };
  const expected = Buffer.from(signNotice(secret, rawBody), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, status: 401, code: 'badSignature' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, status: 400, code: 'malformed' };
  }
  const result = noticeSchema.safeParse(parsed);
  return result.success ? { ok: true, notice: result.data } : { ok: false, status: 400, code: 'malformed' };
}

/** No provider connected: nothing can be paid here, and every notice is refused. */
export function unconnectedProvider(): PaymentProvider {
  return {
    name: 'none',
    start: () => Promise.resolve(null),
    verifyNotice: () => ({ ok: false, status: 401, code: 'badSignature' }),
  };
}
