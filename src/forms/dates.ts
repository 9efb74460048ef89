import type { DateParts } from './journey.js';

export type DateCheck =
  | { ok: true; iso: string }
  | { ok: false; code: 'required' | 'incomplete' | 'invalid'; part?: keyof DateParts };

const DIGITS = /^\d{1,4}$/;

/** Reads a GOV.UK date input. 31 February is not a date; neither is year 26. */
export function readDateParts(parts: DateParts): DateCheck {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { ok: false, code: 'required', part: 'day' };
  const missing = (['day', 'month', 'year'] as const).find((part) => !({ day, month, year })[part]);
  if (missing) return { ok: false, code: 'incomplete', part: missing };
  const bad = (['day', 'month', 'year'] as const).find((part) => !DIGITS.test({ day, month, year }[part]));
  if (bad) return { ok: false, code: 'invalid', part: bad };
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (year.length !== 4 || y < 1900 || y > 2100) return { ok: false, code: 'invalid', part: 'year' };
  if (m < 1 || m > 12) return { ok: false, code: 'invalid', part: 'month' };
  const date = new Date(Date.UTC(y, m - 1, d));
  if (d < 1 || date.getUTCMonth() !== m - 1) return { ok: false, code: 'invalid', part: 'day' };
  return { ok: true, iso: date.toISOString().slice(0, 10) };
}

export function isoToParts(iso: string): DateParts {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Saturday and Sunday are not working days. Public holidays are not yet counted. */
export function addWorkingDays(iso: string, workingDays: number): string {
  let date = iso;
  let left = workingDays;
  while (left > 0) {
    date = addDays(date, 1);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return date;
}

/** The calendar date in Baku, where every legal time limit runs. */
export function todayInBaku(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baku', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
