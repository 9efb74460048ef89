import type { DateParts } from './model.js';

// The calendar moved to time/calendar.ts, under every layer that counts days; named here too for
// the tests and tools that import it from the engine.
export { addMonths, addWorkingDays, ageOn, todayInBaku } from '../time/calendar.js';

export type DateCheck =
  | { ok: true; iso: string }
  | { ok: false; code: 'required' | 'incomplete' | 'invalid'; part: keyof DateParts };

const DIGITS = /^\d{1,4}$/;

export type DatePrecision = 'day' | 'month';

/**
 * Reads a GOV.UK date input: 'YYYY-MM-DD', or 'YYYY-MM' for a month and year alone.
 * 31 February is not a date; neither is year 26.
 */
export function readDateParts(parts: DateParts, precision: DatePrecision = 'day'): DateCheck {
  const names = precision === 'day' ? (['day', 'month', 'year'] as const) : (['month', 'year'] as const);
  const typed = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  if (names.every((part) => !typed[part])) return { ok: false, code: 'required', part: names[0] };
  const missing = names.find((part) => !typed[part]);
  if (missing) return { ok: false, code: 'incomplete', part: missing };
  const bad = names.find((part) => !DIGITS.test(typed[part]));
  if (bad) return { ok: false, code: 'invalid', part: bad };
  const m = Number(typed.month);
  const y = Number(typed.year);
  if (typed.year.length !== 4 || y < 1900 || y > 2100) return { ok: false, code: 'invalid', part: 'year' };
  if (m < 1 || m > 12) return { ok: false, code: 'invalid', part: 'month' };
  if (precision === 'month') return { ok: true, iso: `${typed.year}-${String(m).padStart(2, '0')}` };
  const d = Number(typed.day);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (d < 1 || date.getUTCMonth() !== m - 1) return { ok: false, code: 'invalid', part: 'day' };
  return { ok: true, iso: date.toISOString().slice(0, 10) };
}
