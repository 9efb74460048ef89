import type { Response } from 'supertest';
import { submitForm, type Agent } from './html.js';

export const SERVICE = 'registration-at-place-of-stay';
export const APPLY = `/services/${SERVICE}/apply`;

export type ApplicantType = 'hostPerson' | 'hostOrganisation' | 'foreigner';

function dateFields(name: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
}

export function validAnswers(applicantType: ApplicantType, overrides: Record<string, Record<string, string>> = {}) {
  const steps: Record<string, Record<string, string>> = {
    'who-applies': { applicantType },
    identity: {
      surname: 'Məmmədova',
      givenNames: 'Şəhla',
      patronymic: 'Ağa qızı',
      ...dateFields('dateOfBirth', '1990-03-27'),
      sex: 'female',
      citizenship: 'TR',
      placeOfBirth: 'İstanbul, Türkiyə',
    },
    'travel-document': {
      documentNumber: 'u 1234-5678',
      documentCountry: 'TR',
      ...dateFields('documentIssueDate', '2020-06-15'),
      ...dateFields('documentExpiryDate', '2030-06-14'),
    },
    entry: {
      ...dateFields('entryDate', '2026-11-20'),
      purpose: 'tourism',
      visaType: 'eVisa',
      visaNumber: 'EV123456',
      ...dateFields('departureDate', '2026-12-20'),
    },
    address: { city: 'baku', street: 'Nizami küçəsi', building: '10', apartment: '5', postcode: 'AZ1000' },
    'host-person': { hostName: 'Əliyev Rəşad', hostFin: '5abc12d', hostPhone: '+994 50 123 45 67', hostConsent: 'yes' },
    'host-organisation': {
      organisationName: 'Qafqaz Hotel MMC',
      organisationTaxNumber: '1234567890',
      organisationPhone: '+994 12 555 55 55',
      organisationConsent: 'yes',
    },
    contact: { email: 'shahla@example.com', phone: '+994 55 765 43 21', preferredLanguage: 'az' },
  };
  for (const [step, fields] of Object.entries(overrides)) steps[step] = { ...steps[step], ...fields };
  return steps;
}

export function pathFor(applicantType: ApplicantType): string[] {
  const host = applicantType === 'hostPerson' ? ['host-person'] : applicantType === 'hostOrganisation' ? ['host-organisation'] : [];
  return ['who-applies', 'identity', 'travel-document', 'entry', 'address', ...host, 'contact'];
}

/** Starts a draft and answers every step; returns the last response (a redirect to check answers). */
export async function answerAll(
  agent: Agent,
  applicantType: ApplicantType,
  overrides: Record<string, Record<string, string>> = {},
  query = '',
): Promise<Response> {
  await agent.get(`/services/${SERVICE}/start${query}`).expect(303);
  const answers = validAnswers(applicantType, overrides);
  let last: Response | undefined;
  for (const step of pathFor(applicantType)) {
    last = await submitForm(agent, `${APPLY}/${step}`, answers[step]!);
    if (last.status !== 303) throw new Error(`Step ${step} answered ${last.status}: ${last.text.slice(0, 2000)}`);
  }
  return last!;
}

/** The clock the journey tests run at: 24 November 2026, noon in Baku. */
export const FIXED_NOW = new Date('2026-11-24T08:00:00Z');
export const fixedClock = () => FIXED_NOW;
