import { INTL_LOCALE, type Language } from './languages.js';

/** '2026-02-15' → '15 February 2026' / '15 fevral 2026' / '15 февраля 2026' */
export function formatDate(isoDate: string | Date, language: Language): string {
  const date = typeof isoDate === 'string' ? new Date(`${isoDate.slice(0, 10)}T00:00:00Z`) : isoDate;
  if (Number.isNaN(date.getTime())) return String(isoDate);
  const text = new Intl.DateTimeFormat(INTL_LOCALE[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
  // Russian adds "г." after the year, which doubles the full stop when a sentence ends on a date.
  return language === 'ru' ? text.replace(/\s*г\.$/, '') : text;
}

export function formatMoney(amount: number, language: Language): string {
  return new Intl.NumberFormat(INTL_LOCALE[language], {
    style: 'currency',
    currency: 'AZN',
    currencyDisplay: 'code',
    maximumFractionDigits: 0,
  }).format(amount);
}
