import { date, radios, text } from './fields/index.js';

/** Document numbers are compared without spaces, dashes or case. */
export function normaliseDocumentNumber(value: string): string {
  return value.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/**
 * Which detail of the person shows that an application or a saved draft is theirs: the date of
 * birth or the document number, chosen first, so that one of them is asked and neither is marked
 * optional. The tracking page and the resume page ask it alike.
 */
export function identifierChoice() {
  return radios('identifier', ['dateOfBirth', 'documentNumber'], {
    reveal: {
      dateOfBirth: [date('dateOfBirth', { time: 'past', autocomplete: 'bday' })],
      documentNumber: [text('documentNumber', { uppercase: true, strip: /[\s-]/g, maxLength: 30, width: '20', spellcheck: false })],
    },
  });
}

/** The details an application or a draft holds, the document number as stored (normalised). */
export interface HeldIdentifiers {
  dateOfBirth?: string | null;
  documentNumber?: string | null;
}

/** Whether the detail given is the one held: a date of birth as it is, a document number as people type it. */
export function identifierMatches(given: Record<string, unknown>, held: HeldIdentifiers): boolean {
  if (given.dateOfBirth !== undefined) return !!held.dateOfBirth && given.dateOfBirth === held.dateOfBirth;
  if (given.documentNumber !== undefined) return !!held.documentNumber && normaliseDocumentNumber(String(given.documentNumber)) === held.documentNumber;
  return false;
}
