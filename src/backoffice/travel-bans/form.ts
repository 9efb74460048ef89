import type { Queryable } from '../../db/knex.js';
import { searchableText } from '../../applications/search-text.js';
import { normaliseDocumentNumber } from '../../catalogue/blocks/person.js';
import { readDateParts } from '../../forms/dates.js';
import { hasLetter } from '../../text/rules.js';
import { COUNTRY_CODES, STATELESS } from '../../i18n/countries.js';
import { bodyText, officerText, type BackofficeError } from '../forms.js';

export const BAN_KINDS = ['entryBan', 'exitRestriction'] as const;
type BanKind = (typeof BAN_KINDS)[number];

/** The columns a valid form writes. */
export interface BanValues {
  surname: string;
  given_names: string;
  date_of_birth: string;
  citizenship: string;
  document_number: string;
  search_name: string;
  kind: BanKind;
  authority: string;
  legal_basis: string;
  starts_on: string;
  ends_on: string | null;
}

export interface TravelBanRow extends BanValues {
  id: string;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string | null;
  updated_at: Date | null;
  lifted_by: string | null;
  lifted_at: Date | null;
}

/** The register's table, its rows typed: travel bans are the back-office's own, not declared in db/tables.ts. */
export const travelBansTable = (db: Queryable) => db<TravelBanRow>('travel_bans');

function readDate(body: unknown, name: string, errors: BackofficeError[], required: boolean, typed: Record<string, string>): string | undefined {
  const parts = { day: bodyText(body, `${name}-day`), month: bodyText(body, `${name}-month`), year: bodyText(body, `${name}-year`) };
  for (const [part, value] of Object.entries(parts)) typed[`${name}-${part}`] = value;
  if (!required && !parts.day.trim() && !parts.month.trim() && !parts.year.trim()) return undefined;
  const check = readDateParts(parts);
  if (!check.ok) {
    errors.push({ field: name, code: check.code === 'required' ? 'required' : 'invalid', target: `${name}-${check.part}` });
    return undefined;
  }
  return check.iso;
}

function readText(body: unknown, name: string, errors: BackofficeError[], options: { max: number; letters?: boolean }): string {
  const text = officerText(bodyText(body, name), { maxLength: options.max });
  if (text.code) errors.push({ field: name, code: text.code, values: { max: options.max } });
  else if (!text.value) errors.push({ field: name, code: 'required' });
  else if (options.letters && !hasLetter(text.value)) errors.push({ field: name, code: 'noLetters' });
  return text.value;
}

/** A restriction as a supervisor types it; what was typed comes back with the errors. */
export function readBan(body: unknown, today: string): { values?: BanValues; errors: BackofficeError[]; typed: Record<string, string> } {
  const errors: BackofficeError[] = [];
  const typed: Record<string, string> = {};
  for (const name of ['surname', 'givenNames', 'citizenship', 'documentNumber', 'kind', 'authority', 'legalBasis']) typed[name] = bodyText(body, name);
  const surname = readText(body, 'surname', errors, { max: 100, letters: true });
  const givenNames = readText(body, 'givenNames', errors, { max: 100, letters: true });
  const dateOfBirth = readDate(body, 'dateOfBirth', errors, true, typed);
  if (dateOfBirth && dateOfBirth > today) errors.push({ field: 'dateOfBirth', code: 'future', target: 'dateOfBirth-day' });
  const citizenship = typed.citizenship!;
  if (!COUNTRY_CODES.includes(citizenship) && citizenship !== STATELESS) errors.push({ field: 'citizenship', code: 'required' });
  const documentNumber = normaliseDocumentNumber(typed.documentNumber!);
  if (!documentNumber) errors.push({ field: 'documentNumber', code: 'required' });
  else if (documentNumber.length > 20) errors.push({ field: 'documentNumber', code: 'tooLong', values: { max: 20 } });
  const kind = typed.kind as BanKind;
  if (!BAN_KINDS.includes(kind)) errors.push({ field: 'kind', code: 'required', target: 'kind' });
  const authority = readText(body, 'authority', errors, { max: 200 });
  const legalBasis = readText(body, 'legalBasis', errors, { max: 300 });
  const startsOn = readDate(body, 'startsOn', errors, true, typed);
  const endsOn = readDate(body, 'endsOn', errors, false, typed);
  if (startsOn && endsOn && endsOn < startsOn) errors.push({ field: 'endsOn', code: 'beforeStart', target: 'endsOn-day' });
  if (errors.length) return { errors, typed };
  return {
    errors,
    typed,
    values: {
      surname,
      given_names: givenNames,
      date_of_birth: dateOfBirth!,
      citizenship,
      document_number: documentNumber,
      search_name: searchableText(`${surname} ${givenNames}`),
      kind,
      authority,
      legal_basis: legalBasis,
      starts_on: startsOn!,
      ends_on: endsOn ?? null,
    },
  };
}

/** A stored restriction as its form shows it. */
export function typedFrom(row: TravelBanRow): Record<string, string> {
  const typed: Record<string, string> = {
    surname: row.surname,
    givenNames: row.given_names,
    citizenship: row.citizenship,
    documentNumber: row.document_number,
    kind: row.kind,
    authority: row.authority,
    legalBasis: row.legal_basis,
  };
  const dates: Record<string, string | null> = { dateOfBirth: row.date_of_birth, startsOn: row.starts_on, endsOn: row.ends_on };
  for (const [name, iso] of Object.entries(dates)) {
    const [year, month, day] = iso ? iso.split('-') : ['', '', ''];
    Object.assign(typed, { [`${name}-day`]: day ? String(Number(day)) : '', [`${name}-month`]: month ? String(Number(month)) : '', [`${name}-year`]: year ?? '' });
  }
  return typed;
}
