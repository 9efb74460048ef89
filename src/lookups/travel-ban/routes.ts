import { fieldNamed, fieldsNamed, select } from '../../forms/fields/index.js';
import type { Request, Response } from 'express';
import { searchableText } from '../../applications/search-text.js';
import { identityFields, normaliseDocumentNumber, travelDocumentFields } from '../../catalogue/blocks/person.js';
import { travelBanCheck } from '../../catalogue/services/travel-ban-check.js';
import type { Queryable } from '../../db/knex.js';
import { readerOf } from '../../forms/context.js';
import { todayInBaku } from '../../time/calendar.js';
import { countOrRefuse } from '../../security/limits.js';
import { hashedKey, readQuestion, renderQuestion, type LookupDeps, type LookupQuestion } from '../page.js';
import { clientAddress } from '../../security/client-address.js';

const SERVICE = travelBanCheck.id;
export const TRAVEL_BAN_PATH = travelBanCheck.usePath!;

const nameAndBirth = fieldsNamed(identityFields, 'surname', 'givenNames', 'dateOfBirth');
// A ban or an exit restriction can concern a citizen of Azerbaijan too: the whole list, with Azerbaijan and stateless.
const citizenship = select('citizenship', 'countriesAndStateless');
const documentNumber = fieldNamed(travelDocumentFields, 'documentNumber');

/** The five identifiers, as the person's travel document gives them; the same fields every application asks. */
export const TRAVEL_BAN_QUESTION: LookupQuestion = {
  service: SERVICE,
  namespace: 'checks',
  page: 'travelBan',
  fields: [...nameAndBirth, citizenship, documentNumber],
};

interface Restriction {
  kind: 'entryBan' | 'exitRestriction';
  authority: string;
  ends_on: string | null;
}

/**
 * The restrictions in force today for exactly this person: every identifier must match. Names are
 * compared as the register's search compares them (case and accents aside: MAMMADOVA is Məmmədova),
 * never by a part of one. What comes back is all the public may know: the kind, the authority, the end.
 */
async function restrictionsFor(
  db: Queryable,
  person: { surname: string; givenNames: string; dateOfBirth: string; citizenship: string; documentNumber: string },
  today: string,
): Promise<Restriction[]> {
  const rows = (await db('travel_bans')
    .where({ document_number: normaliseDocumentNumber(person.documentNumber), date_of_birth: person.dateOfBirth, citizenship: person.citizenship })
    .whereNull('lifted_at')
    .where('starts_on', '<=', today)
    .where((current) => current.whereNull('ends_on').orWhere('ends_on', '>=', today))
    .orderBy([{ column: 'kind' }, { column: 'ends_on', order: 'desc', nulls: 'first' }])
    .select('surname', 'given_names', 'kind', 'authority', 'ends_on')) as (Restriction & { surname: string; given_names: string })[];
  const wanted = { surname: searchableText(person.surname), givenNames: searchableText(person.givenNames) };
  return rows
    .filter((row) => searchableText(row.surname) === wanted.surname && searchableText(row.given_names) === wanted.givenNames)
    .map(({ kind, authority, ends_on }) => ({ kind, authority, ends_on }));
}

export function showTravelBanCheck(_deps: LookupDeps, _req: Request, res: Response): void {
  renderQuestion(res, TRAVEL_BAN_QUESTION, { action: TRAVEL_BAN_PATH, backHref: `/services/${SERVICE}` });
}

export async function checkTravelBan(deps: LookupDeps, req: Request, res: Response): Promise<void> {
  const { raw, values, errors } = readQuestion(TRAVEL_BAN_QUESTION, req, deps.clock());
  if (!values) return renderQuestion(res, TRAVEL_BAN_QUESTION, { action: TRAVEL_BAN_PATH, backHref: `/services/${SERVICE}`, raw, errors });
  const person = {
    surname: String(values.surname),
    givenNames: String(values.givenNames),
    dateOfBirth: String(values.dateOfBirth),
    citizenship: String(values.citizenship),
    documentNumber: String(values.documentNumber),
  };
  // Counted before the register is read, per address and per document number, so names and dates cannot be tried in turn.
  await countOrRefuse(deps.db, [
    { key: `banCheck:ip:${clientAddress(req)}`, limit: deps.limits.banCheckPerAddress },
    { key: `banCheck:document:${hashedKey('document', normaliseDocumentNumber(person.documentNumber))}`, limit: deps.limits.banCheckPerDocument },
  ]);
  const today = todayInBaku(deps.clock());
  const restrictions = await restrictionsFor(deps.db, person, today);
  const reader = readerOf(res);
  res.set('Cache-Control', 'no-store').render('lookups/travel-ban.njk', {
    serviceName: reader.t(`services:services.${SERVICE}.name`),
    today: reader.formatDate(today),
    restrictions: restrictions.map((restriction) => ({
      kind: restriction.kind,
      authority: restriction.authority,
      endsOn: restriction.ends_on ? reader.formatDate(restriction.ends_on) : undefined,
    })),
    againHref: TRAVEL_BAN_PATH,
  });
}
