/**
 * What becomes of typed text before any field looks at it. The same rules for every text field:
 * - characters no person types on purpose are refused with code `characters` (controls, a NUL that
 *   PostgreSQL cannot store, lone surrogates, the replacement character left by invalid UTF-8,
 *   noncharacters, and direction overrides that make text read differently from what it holds);
 * - invisible characters that only make one name differ from the same name typed again (zero-width
 *   space, word joiner, byte-order mark, soft hyphen, direction marks) are removed;
 * - the result is in Unicode NFC, trimmed, and on one line unless the field is long text.
 */

// Tab, line feed and carriage return are white space here, not controls.
const REFUSED =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /[\u00AD\u200B\u200E\u200F\u2060\uFEFF]/g;

export type CleanText = { ok: true; value: string } | { ok: false; code: 'characters' };

export function cleanText(raw: string, multiline: boolean): CleanText {
  if (REFUSED.test(raw)) return { ok: false, code: 'characters' };
  let value = raw.normalize('NFC').replace(INVISIBLE, '');
  value = multiline ? value.replace(/\r\n?/g, '\n').replace(/[^\S\n]+$/gm, '') : value.replace(/\s+/g, ' ');
  return { ok: true, value: value.trim() };
}

/** Length as a reader counts it: an emoji or a letter with its accent is one. */
export function characterCount(value: string): number {
  let count = 0;
  // Every UTF-16 unit but the first half of a surrogate pair starts a code point.
  for (let index = 0; index < value.length; index += 1) {
    const unit = value.charCodeAt(index);
    if (unit < 0xd800 || unit > 0xdbff) count += 1;
  }
  return count;
}

export function hasLetter(value: string): boolean {
  return /\p{L}/u.test(value);
}

// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL cannot store
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * What was typed, as PostgreSQL can keep it: jsonb holds neither NUL nor half a surrogate pair,
 * so each becomes the replacement character. Everything else stays exactly as typed; the field
 * refuses the answer anyway (`characters`), and the applicant sees where.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [storable(key), storable(item)])) as T;
  return value;
}
