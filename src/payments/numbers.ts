import { randomInt } from 'node:crypto';

/**
 * Payment numbers: 12 digits, the last a Luhn check digit over the other 11, as bank cards and
 * many payment references use, so a mistyped digit or two neighbours swapped is caught before any
 * lookup. The first digit is never 0 (a number that loses it in a spreadsheet is still whole).
 */
const PAYMENT_NUMBER_LENGTH = 12;

export function luhnDigit(body: string): number {
  let sum = 0;
  for (let index = 0; index < body.length; index += 1) {
    // Doubling starts from the rightmost digit of the body (the check digit will sit right of it).
    let digit = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function newPaymentNumber(): string {
  let body = String(randomInt(1, 10));
  while (body.length < PAYMENT_NUMBER_LENGTH - 1) body += String(randomInt(0, 10));
  return body + String(luhnDigit(body));
}

/** What a person typed, as a payment number: spaces and dashes dropped; null if it cannot be one. */
export function readPaymentNumber(typed: string): string | null {
  const digits = typed.replace(/[\s\u00a0-]/g, '');
  if (!/^[1-9]\d{11}$/.test(digits)) return null;
  return luhnDigit(digits.slice(0, -1)) === Number(digits.slice(-1)) ? digits : null;
}

/** '4512 3456 7890': read aloud and typed in groups of four. */
export function groupedPaymentNumber(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}
