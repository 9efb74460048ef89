import { INTL_LOCALE, type Language } from './languages.js';

/**
 * Formatters are costly to make and safe to share: one of each per language, made once. Each
 * language is named, so a language added to LANGUAGES is a type error here until it has its own.
 */
export function perLanguage<T>(make: (locale: string) => T): Record<Language, T> {
  return { az: make(INTL_LOCALE.az), en: make(INTL_LOCALE.en), ru: make(INTL_LOCALE.ru) };
}

const DATES = perLanguage((locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
const MONTHS = perLanguage((locale) => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }));
const WHOLE = perLanguage((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
const CENTS = perLanguage((locale) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

const TIMES = perLanguage((locale) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Baku' }));
const BAKU_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baku', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Russian adds "г." after the year, which doubles the full stop when a sentence ends on a date. */
function withoutYearMark(text: string, language: Language): string {
  return language === 'ru' ? text.replace(/\s*г\.$/, '') : text;
}

/**
 * Each month's date as the language writes it, in parts, the day and the year left to fill: what
 * DATES writes, without asking Intl for every date (a check-your-answers page shows a dozen).
 */
const DATE_PARTS = perLanguage((locale) => {
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, month) => format.formatToParts(Date.UTC(2000, month, 15)));
});

/** Years Intl writes as four plain digits, as the parts above were taken. */
const isPlainYear = (year: number) => year >= 1000 && year <= 9999;

/** '2026-02-15' → '15 February 2026' / '15 fevral 2026' / '15 февраля 2026' */
export function formatDate(isoDate: string | Date, language: Language): string {
  const date = typeof isoDate === 'string' ? new Date(`${isoDate.slice(0, 10)}T00:00:00Z`) : isoDate;
  if (Number.isNaN(date.getTime())) return String(isoDate);
  const year = date.getUTCFullYear();
  if (!isPlainYear(year)) return withoutYearMark(DATES[language].format(date), language);
  let text = '';
  for (const part of DATE_PARTS[language][date.getUTCMonth()]!) text += part.type === 'day' ? date.getUTCDate() : part.type === 'year' ? year : part.value;
  return withoutYearMark(text, language);
}

/** '350 AZN', '1,200.50 AZN', '1 200,50 AZN': the code after the amount in every language, as the Service writes it. */
export function formatMoney(amount: number, language: Language): string {
  return `${(Number.isInteger(amount) ? WHOLE : CENTS)[language].format(amount)}\u00a0AZN`;
}

/** '2021-03' → 'March 2021' / 'mart 2021' / 'март 2021' */
export function formatMonth(isoMonth: string, language: Language): string {
  const date = new Date(`${isoMonth.slice(0, 7)}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoMonth;
  return withoutYearMark(MONTHS[language].format(date), language);
}

/**
 * A moment as people in Baku read it: '17 September 2026, 21:27'. Written as date, comma, time in
 * every language, rather than each locale's own joining pattern (Azerbaijani's is a slash).
 */
export function formatDateTime(moment: Date, language: Language): string {
  return `${formatDate(BAKU_DAY.format(moment), language)}, ${TIMES[language].format(moment)}`;
}
