// The engine offers to mail a resume code only to an address a mail can go to, and the outbox
// writes only to such addresses: one rule for both, below them.

/** An address worth writing to: one @, no spaces or line breaks (a header cannot be made of it). */
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/u;

export function mailAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length <= 254 && ADDRESS.test(trimmed) ? trimmed : undefined;
}
