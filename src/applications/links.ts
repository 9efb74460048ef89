import { isOneOf } from '../text/one-of.js';
/**
 * The public address of an application, as mails give it: `/track?reference=…&open=<target>`.
 * It holds the reference only (never a date of birth or document number): whoever follows it gives
 * one of them on /track first, and is then taken to the target; a browser that follows that
 * application already goes straight there. So a link in a mail never opens anything personal by itself.
 */
const OPEN_TARGETS = ['reply', 'receipt', 'decision', 'fee', 'paymentReceipt'] as const;
export type OpenTarget = (typeof OPEN_TARGETS)[number];

export function readOpenTarget(value: unknown): OpenTarget | undefined {
  return isOneOf(OPEN_TARGETS, value) ? value : undefined;
}

/** The absolute address on the portal's BASE_URL, in the reader's language. */
export function trackLink(baseUrl: string, reference: string, language: string, target?: OpenTarget): string {
  const query = new URLSearchParams({ reference, ...(target ? { open: target } : {}), lang: language });
  return `${baseUrl.replace(/\/$/, '')}/track?${query.toString()}`;
}
