// Dates as 'YYYY-MM-DD' strings, counted the way legal time limits are: in Baku, in calendar or
// working days. Every layer above uses it (the engine's fee step, deadlines, reminders, the
// back-office's time left), so it sits at the bottom and imports nothing of the portal.

/** The same calendar day some months later (the last day of the month when it has no such day). */
export function addMonths(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Full years of age on a day. */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
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

/**
 * Working days from `today` to `due`: the weekdays after the earlier date up to the later one,
 * negative when the due date has passed (due Wednesday, on Saturday: -2, Thursday and Friday).
 * Computed, not walked: a case two years overdue costs no more than one due tomorrow.
 */
export function workingDaysUntil(today: string, due: string): number {
  const from = dayNumber(today);
  const to = dayNumber(due);
  return to >= from ? weekdaysAfter(from, to) : -weekdaysAfter(to, from);
}

/** Days since 1 January 1970, which was a Thursday. */
function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** Monday to Friday in (from, to]: five in each whole week, then the days left over one by one (at most six). */
function weekdaysAfter(from: number, to: number): number {
  const days = to - from;
  let count = Math.floor(days / 7) * 5;
  for (let day = from + 1 + Math.floor(days / 7) * 7; day <= to; day += 1) {
    const weekday = (day + 4) % 7; // 0 Sunday … 6 Saturday
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

const BAKU_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baku', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The last minute asked for, and its date: every page asks, and a date only changes between minutes. */
let lastMinute = Number.NaN;
let lastDate = '';

/** The calendar date in Baku, where every legal time limit runs. */
export function todayInBaku(now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDate = BAKU_DATE.format(now);
    lastMinute = minute;
  }
  return lastDate;
}
