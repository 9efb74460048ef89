import type { Reader } from '../forms/words.js';
import { formatDayWithWeekday } from './format.js';
import { officeAddress, officeName, type VisitPurpose } from './model.js';

/** An office as a booking names it: its name, then its address where known. */
export function officeLine(office: string, reader: Pick<Reader, 'lang'>): string {
  const address = officeAddress(office, reader.lang);
  return address ? `${officeName(office, reader.lang)}, ${address}` : officeName(office, reader.lang);
}

/** A booking's facts as summary rows, in the page language. */
export function bookingRows(reader: Reader, booking: { purpose: VisitPurpose; office: string; day: string; time: string }, changeLinks?: Record<string, string>) {
  const { t } = reader;
  const rows = [
    { key: 'purpose', value: t(`queue:purposes.${booking.purpose}`) },
    { key: 'office', value: officeLine(booking.office, reader) },
    { key: 'date', value: formatDayWithWeekday(booking.day, reader.lang) },
    { key: 'time', value: booking.time },
  ];
  return rows.map((row) => ({
    key: { text: t(`queue:summary.${row.key}`) },
    value: { text: row.value },
    ...(changeLinks?.[row.key] ? { actions: { items: [{ href: changeLinks[row.key], text: t('forms:change'), visuallyHiddenText: t(`queue:summary.${row.key}`) }] } } : {}),
  }));
}
