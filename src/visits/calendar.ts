/**
 * A calendar file (RFC 5545) for one visit, written by hand because it is small: one VEVENT at a
 * local time of Asia/Baku, with that zone described in the file (UTC+4 all year since 2016), so a
 * calendar anywhere shows the visit at the office's time.
 */
export interface CalendarVisit {
  /** Stable across moves, so a calendar that imports the file again updates the visit instead of adding one. */
  uid: string;
  /** Raised by each move, so the later file wins. */
  sequence: number;
  /** 'YYYY-MM-DD' and 'HH:MM', in Baku. */
  day: string;
  starts: string;
  minutes: number;
  summary: string;
  location: string;
  description: string;
  /** When the file was made. */
  stamp: Date;
}

const CALENDAR_ZONE = 'Asia/Baku';

/** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545, 3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets go on in lines that begin with a space (3.1), never inside a character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character);
    const limit = parts.length ? 74 : 75;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const compactDate = (day: string) => day.replace(/-/g, '');

/** 'YYYY-MM-DD' + 'HH:MM' + minutes → the local date and time the visit ends, in the same zone. */
function localEnd(day: string, starts: string, minutes: number): string {
  const end = new Date(`${day}T${starts}:00Z`);
  end.setUTCMinutes(end.getUTCMinutes() + minutes);
  return end.toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function utcStamp(moment: Date): string {
  return `${moment.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

export function visitCalendar(visit: CalendarVisit): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//State Migration Service of the Republic of Azerbaijan//e-services//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VTIMEZONE',
    `TZID:${CALENDAR_ZONE}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0400',
    'TZOFFSETTO:+0400',
    'TZNAME:+04',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    `UID:${visit.uid}`,
    `SEQUENCE:${visit.sequence}`,
    `DTSTAMP:${utcStamp(visit.stamp)}`,
    `DTSTART;TZID=${CALENDAR_ZONE}:${compactDate(visit.day)}T${visit.starts.replace(':', '')}00`,
    `DTEND;TZID=${CALENDAR_ZONE}:${localEnd(visit.day, visit.starts, visit.minutes)}`,
    `SUMMARY:${escapeText(visit.summary)}`,
    `LOCATION:${escapeText(visit.location)}`,
    `DESCRIPTION:${escapeText(visit.description)}`,
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
