import type { Request, Response } from 'express';
import { identityFields, normaliseDocumentNumber, travelDocumentFields } from '../../catalogue/blocks/person.js';
import { fieldNamed } from '../../forms/fields/index.js';
import { registrationAtPlaceOfStay } from '../../catalogue/services/registration-at-place-of-stay.js';
import { registrationStatus } from '../../catalogue/services/registration-status.js';
import type { Queryable } from '../../db/knex.js';
import { readerOf } from '../../forms/context.js';
import { todayInBaku } from '../../time/calendar.js';
import type { Reader } from '../../forms/words.js';
import { countOrRefuse } from '../../security/limits.js';
import { hashedKey, readQuestion, renderQuestion, type LookupDeps, type LookupQuestion } from '../page.js';
import { clientAddress } from '../../security/client-address.js';
import { fieldsOf } from '../../http/fields.js';

const SERVICE = registrationStatus.id;
export const REGISTRATION_STATUS_PATH = registrationStatus.usePath!;

const dateOfBirth = fieldNamed(identityFields, 'dateOfBirth');
const citizenship = fieldNamed(identityFields, 'citizenship');
const documentNumber = fieldNamed(travelDocumentFields, 'documentNumber');

export const REGISTRATION_STATUS_QUESTION: LookupQuestion = {
  service: SERVICE,
  namespace: 'checks',
  page: 'registrationStatus',
  fields: [documentNumber, citizenship, dateOfBirth],
};

interface FoundRegistration {
  /** The city or district and the street; never the building or the flat. */
  city: string | undefined;
  street: string | undefined;
  validUntil: string;
}

/**
 * The person's latest registration: an approved registration whose person columns (the normalised
 * document number, the citizenship, the date of birth) all match. Anything less finds nothing.
 */
async function latestRegistration(db: Queryable, person: { documentNumber: string; citizenship: string; dateOfBirth: string }): Promise<FoundRegistration | undefined> {
  const row = await db('applications')
    .where({
      service_id: registrationAtPlaceOfStay.id,
      status: 'approved',
      document_number: normaliseDocumentNumber(person.documentNumber),
      citizenship: person.citizenship,
      date_of_birth: person.dateOfBirth,
    })
    .whereNotNull('valid_until')
    .orderBy('valid_until', 'desc')
    .first('answers', 'valid_until');
  if (!row) return undefined;
  const address = fieldsOf(row.answers.address);
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  return { city: text(address.city), street: text(address.street), validUntil: row.valid_until! };
}

/** "Nizami küçəsi, Bakı": where, to the street; the building and flat stay hidden. */
function maskedAddress(found: FoundRegistration, reader: Reader): string {
  return [found.street, found.city ? reader.t(`places:places.${found.city}`) : undefined].filter(Boolean).join(', ');
}

export function showRegistrationStatus(_deps: LookupDeps, _req: Request, res: Response): void {
  renderQuestion(res, REGISTRATION_STATUS_QUESTION, { action: REGISTRATION_STATUS_PATH, backHref: `/services/${SERVICE}` });
}

export async function checkRegistrationStatus(deps: LookupDeps, req: Request, res: Response): Promise<void> {
  const { raw, values, errors } = readQuestion(REGISTRATION_STATUS_QUESTION, req, deps.clock());
  if (!values) return renderQuestion(res, REGISTRATION_STATUS_QUESTION, { action: REGISTRATION_STATUS_PATH, backHref: `/services/${SERVICE}`, raw, errors });
  const person = { documentNumber: String(values.documentNumber), citizenship: String(values.citizenship), dateOfBirth: String(values.dateOfBirth) };
  await countOrRefuse(deps.db, [
    { key: `statusCheck:ip:${clientAddress(req)}`, limit: deps.limits.statusCheckPerAddress },
    { key: `statusCheck:document:${hashedKey('document', normaliseDocumentNumber(person.documentNumber))}`, limit: deps.limits.statusCheckPerDocument },
  ]);
  const today = todayInBaku(deps.clock());
  const found = await latestRegistration(deps.db, person);
  const reader = readerOf(res);
  const result = !found ? 'none' : found.validUntil >= today ? 'registered' : 'ended';
  res.set('Cache-Control', 'no-store').render('lookups/registration-status.njk', {
    serviceName: reader.t(`services:services.${SERVICE}.name`),
    result,
    address: found ? maskedAddress(found, reader) : undefined,
    validUntil: found ? reader.formatDate(found.validUntil) : undefined,
    againHref: REGISTRATION_STATUS_PATH,
  });
}
