import { pino, type Logger } from 'pino';

/** Personal data never reaches the logs, whatever shape the object logged has. */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.passportNumber',
  '*.documentNumber',
  '*.document_number',
  '*.surname',
  '*.givenNames',
  '*.patronymic',
  '*.email',
  '*.dateOfBirth',
  '*.date_of_birth',
  '*.hostName',
  '*.hostFin',
  '*.phone',
  'answers',
  '*.answers',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
