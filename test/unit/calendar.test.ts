import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, visitCalendar, type CalendarVisit } from '../../src/visits/calendar.js';

const VISIT: CalendarVisit = {
  uid: 'visit-0b7c3c1e-1111-4a4a-8888-123456789abc@e-services',
  sequence: 0,
  day: '2026-11-25',
  starts: '10:00',
  minutes: 30,
  summary: 'Приём в Государственной миграционной службе: сдача биометрических данных',
  location: 'Gəncə regional miqrasiya idarəsi, Atatürk prospekti 12, Gəncə; 2-ci mərtəbə',
  description: 'Код записи: 7KQ4-M2XD-93PH\nВозьмите проездной документ, номер которого вы указали, и документы для цели визита.',
  stamp: new Date('2026-11-24T08:00:00Z'),
};

function eventOf(file: string): InstanceType<typeof ICAL.Event> {
  const calendar = new ICAL.Component(ICAL.parse(file));
  // The file carries the zone it names, as RFC 5545 asks: registered, the local time is read in it.
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
}

describe('a visit as a calendar file (RFC 5545)', () => {
  it('parses, at the office’s local time in Asia/Baku (UTC+4)', () => {
    const event = eventOf(visitCalendar(VISIT));
    expect(event.startDate.zone.tzid).toBe('Asia/Baku');
    expect(event.startDate.toString()).toBe('2026-11-25T10:00:00');
    expect(event.endDate.toString()).toBe('2026-11-25T10:30:00');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-11-25T06:00:00.000Z');
    expect(event.summary).toBe(VISIT.summary);
    expect(event.location).toBe(VISIT.location);
    expect(event.description).toBe(VISIT.description);
    expect(event.uid).toBe(VISIT.uid);
  });

  it('a slot that ends after midnight ends on the next day', () => {
    const event = eventOf(visitCalendar({ ...VISIT, starts: '23:45', minutes: 30 }));
    expect(event.endDate.toString()).toBe('2026-11-26T00:15:00');
  });

  it('lines end in CRLF, none longer than 75 octets, and a character is never cut in two', () => {
    const file = visitCalendar(VISIT);
    expect(file.endsWith('\r\n')).toBe(true);
    expect(file.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of file.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const long = foldLine(`SUMMARY:${'ş'.repeat(100)}`);
    expect(long.split('\r\n ').join('')).toBe(`SUMMARY:${'ş'.repeat(100)}`);
    for (const line of long.split('\r\n')) expect(Buffer.from(line).toString()).not.toContain('\ufffd');
  });

  it('escapes what TEXT must escape', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });
});
