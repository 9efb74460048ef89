import { randomInt } from 'node:crypto';

/**
 * Reference numbers: 11 random characters and a check character, e.g. 7KQ4-M2XD-93PH.
 * Crockford's alphabet leaves out I, L, O and U, so what is read aloud or copied by hand
 * survives; the Luhn mod N check character catches any single mistyped character and
 * most swapped neighbours before the database is asked.
 */
export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;
const RANDOM_LENGTH = 11;

function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i -= 1) {
    let addend = factor * ALPHABET.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

export function newReference(): string {
  let body = '';
  for (let i = 0; i < RANDOM_LENGTH; i += 1) body += ALPHABET[randomInt(N)];
  return body + checkCharacter(body);
}

/**
 * A code of Crockford's alphabet as a person typed it: upper case, separators gone, look-alike
 * letters read as digits; null unless it is `length` characters of the alphabet.
 */
export function readCrockford(typed: string, length: number): string | null {
  const compact = typed
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return compact.length === length && [...compact].every((c) => ALPHABET.includes(c)) ? compact : null;
}

/** What a person typed, as stored, when its check character holds. */
export function normaliseReference(typed: string): string | null {
  const compact = readCrockford(typed, RANDOM_LENGTH + 1);
  return compact && checkCharacter(compact.slice(0, -1)) === compact.slice(-1) ? compact : null;
}

export function formatReference(reference: string): string {
  return reference.match(/.{1,4}/g)?.join('-') ?? reference;
}
