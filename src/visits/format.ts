import { perLanguage } from '../i18n/format.js';
import type { Language } from '../i18n/languages.js';

const LONG_DAYS = perLanguage((locale) => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));

/** '2026-11-30' → 'Monday, 30 November 2026' / '30 noyabr 2026, bazar ertəsi' / 'понедельник, 30 ноября 2026': a day to come, with its name. */
export function formatDayWithWeekday(iso: string, language: Language): string {
  const text = LONG_DAYS[language].format(new Date(`${iso}T00:00:00Z`));
  return language === 'ru' ? text.replace(/\s*г\.$/, '') : text;
}
