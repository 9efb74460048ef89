import type { Language } from '../i18n/languages.js';
import offices from './offices.json' with { type: 'json' };

/**
 * How to reach the authority that runs the portal, by the same key as its name (`AUTHORITY`).
 * The call centre number is the one the Service's own announcements give; check it before launch.
 */
export interface Contact {
  callCentre: string;
  /** What a phone dials: the short number works inside Azerbaijan. */
  callCentreHref: string;
  /** Where else the same services can be used. */
  eGovernmentUrl: string;
  website: string;
}

const CONTACTS: Readonly<Record<string, Contact>> = {
  sms: {
    callCentre: '(012) 919',
    callCentreHref: 'tel:919',
    eGovernmentUrl: 'https://www.e-gov.az',
    website: 'https://migration.gov.az',
  },
};

export function contactFor(authority: string): Contact {
  return CONTACTS[authority] ?? CONTACTS.sms!;
}

export interface Office {
  id: string;
  name: string;
  address: string | null;
  phone: string | null;
}

/** The offices in the reader's language, the headquarters first. */
export function officesIn(language: Language): { checked: string; offices: Office[] } {
  return {
    checked: offices.checked,
    offices: offices.offices.map((office) => ({
      id: office.id,
      name: office.name[language],
      address: office.address?.[language] ?? null,
      phone: office.phone,
    })),
  };
}
