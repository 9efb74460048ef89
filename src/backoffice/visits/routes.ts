import type { Request, Response } from 'express';
import type { TFunction } from 'i18next';
import { isPurpose, NEW_OFFICE, officeAddress, officeName, OFFICE_IDS, slotTimes, VISIT_PURPOSES, type OfficeSettings } from '../../visits/model.js';
import { allOfficeSettings, officeSettings } from '../../visits/repository.js';
import { audit } from '../audit/log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { bodyText, type BackofficeError } from '../forms.js';
import { fieldsOf } from '../../http/fields.js';
import { isOneOf } from '../../text/one-of.js';

export const VISITS = `${BASE}/visits`;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;


type Values = Omit<OfficeSettings, 'office_id' | 'version' | 'updated_by' | 'updated_at'>;

function capacity(settings: Pick<OfficeSettings, 'opens_at' | 'closes_at' | 'slot_minutes' | 'seats'>): number {
  return slotTimes(settings).length * settings.seats;
}

/** Every office of the portal's list and how it takes bookings. Nothing personal: not audited when read. */
export async function listVisitOffices(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const { t, lang } = res.locals;
  const settings = new Map((await allOfficeSettings(deps.db)).map((row) => [row.office_id, row]));
  res.render('backoffice/visits/list.njk', {
    done: req.query.done === 'saved',
    rows: OFFICE_IDS.map((id) => {
      const row = settings.get(id);
      return {
        id,
        href: `${VISITS}/${id}`,
        name: officeName(id, lang),
        accepting: !!row?.accepting,
        purposes: row?.purposes.map((purpose) => t(`queue:purposes.${purpose}`)).join(', ') ?? '',
        hours: row ? `${row.opens_at.slice(0, 5)}–${row.closes_at.slice(0, 5)}` : '',
        days: row ? row.weekdays.map((day) => t(`queue:backoffice.weekdaysShort.${day}`)).join(', ') : '',
        slot: row ? t('queue:backoffice.minutes', { count: row.slot_minutes }) : '',
        seats: row ? String(row.seats) : '',
        capacity: row ? String(capacity(row)) : '',
      };
    }),
  });
}

function typedFrom(values: Values & { version?: number }): Record<string, unknown> {
  return {
    accepting: values.accepting ? 'yes' : 'no',
    purposes: values.purposes,
    weekdays: values.weekdays.map(String),
    opensAt: values.opens_at.slice(0, 5),
    closesAt: values.closes_at.slice(0, 5),
    slotMinutes: String(values.slot_minutes),
    seats: String(values.seats),
    daysAhead: String(values.days_ahead),
    version: values.version === undefined ? '' : String(values.version),
  };
}

/** The error summary and messages: `queue:backoffice.errors.<field>.<code>`, each said for its field. */
function errorsFor(t: TFunction, errors: readonly BackofficeError[]) {
  const byField: Record<string, { text: string }> = {};
  const errorList = errors.map((error) => {
    const text = t(`queue:backoffice.errors.${error.field}.${error.code}`, error.values);
    byField[error.field] ??= { text };
    return { text, href: `#${error.target ?? error.field}` };
  });
  return { errorList, byField };
}

function render(res: Response, id: string, typed: Record<string, unknown>, errors: BackofficeError[], status?: number, row?: OfficeSettings): void {
  const { t, lang } = res.locals;
  const { errorList, byField } = errorsFor(t, errors);
  res.status(status ?? (errors.length ? 400 : 200)).render('backoffice/visits/form.njk', {
    id,
    name: officeName(id, lang),
    address: officeAddress(id, lang),
    typed,
    purposes: VISIT_PURPOSES,
    weekdays: WEEKDAYS,
    capacity: row ? capacity(row) : undefined,
    errorList,
    fieldErrors: byField,
  });
}

function officeOf(req: Request, res: Response): string | undefined {
  const id = String(req.params.office);
  if (OFFICE_IDS.includes(id)) return id;
  res.status(404).render('errors/not-found.njk');
  return undefined;
}

export async function editVisitOffice(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const id = officeOf(req, res);
  if (!id) return;
  const row = await officeSettings(deps.db, id);
  render(res, id, typedFrom(row ?? NEW_OFFICE), [], undefined, row);
}

function bodyList(body: unknown, name: string): string[] {
  const value = fieldsOf(body)[name];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function readWhole(body: unknown, name: string, range: { min: number; max: number }, errors: BackofficeError[]): number {
  const typed = bodyText(body, name).trim();
  const value = /^\d{1,4}$/.test(typed) ? Number(typed) : NaN;
  if (!typed) errors.push({ field: name, code: 'required' });
  else if (!(value >= range.min && value <= range.max)) errors.push({ field: name, code: 'range', values: range });
  return value;
}

function readTime(body: unknown, name: string, errors: BackofficeError[]): string {
  const match = TIME.exec(bodyText(body, name).trim());
  if (!match) errors.push({ field: name, code: 'format' });
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : '';
}

/** The settings as a supervisor typed them; what was typed comes back with the errors. */
function readSettings(body: unknown): { values?: Values; errors: BackofficeError[]; typed: Record<string, unknown> } {
  const errors: BackofficeError[] = [];
  const accepting = bodyText(body, 'accepting');
  if (accepting !== 'yes' && accepting !== 'no') errors.push({ field: 'accepting', code: 'required' });
  const purposes = [...new Set(bodyList(body, 'purposes'))].filter(isPurpose);
  if (accepting === 'yes' && !purposes.length) errors.push({ field: 'purposes', code: 'required' });
  const weekdays = [...new Set(bodyList(body, 'weekdays').map(Number))].filter((day) => isOneOf(WEEKDAYS, day)).sort();
  if (accepting === 'yes' && !weekdays.length) errors.push({ field: 'weekdays', code: 'required' });
  const opensAt = readTime(body, 'opensAt', errors);
  const closesAt = readTime(body, 'closesAt', errors);
  if (opensAt && closesAt && closesAt <= opensAt) errors.push({ field: 'closesAt', code: 'beforeOpening' });
  const slotMinutes = readWhole(body, 'slotMinutes', { min: 5, max: 240 }, errors);
  if (!errors.length && !slotTimes({ opens_at: opensAt, closes_at: closesAt, slot_minutes: slotMinutes }).length) errors.push({ field: 'slotMinutes', code: 'longerThanDay' });
  const seats = readWhole(body, 'seats', { min: 1, max: 100 }, errors);
  const daysAhead = readWhole(body, 'daysAhead', { min: 1, max: 90 }, errors);
  const typed = {
    accepting,
    purposes,
    weekdays: weekdays.map(String),
    opensAt: bodyText(body, 'opensAt'),
    closesAt: bodyText(body, 'closesAt'),
    slotMinutes: bodyText(body, 'slotMinutes'),
    seats: bodyText(body, 'seats'),
    daysAhead: bodyText(body, 'daysAhead'),
    version: bodyText(body, 'version'),
  };
  if (errors.length) return { errors, typed };
  return { errors, typed, values: { accepting: accepting === 'yes', purposes, weekdays, opens_at: opensAt, closes_at: closesAt, slot_minutes: slotMinutes, seats, days_ahead: daysAhead } };
}

/**
 * Saves an office's settings, made only to the settings as the supervisor saw them (their version),
 * with an audit row in the same transaction. Bookings already made keep their times.
 */
export async function saveVisitOffice(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const id = officeOf(req, res);
  if (!id) return;
  const { values, errors, typed } = readSettings(req.body);
  if (!values) return render(res, id, typed, errors);
  const officer = officerOf(res);
  const typedVersion = bodyText(req.body, 'version');
  const saved = await deps.db.transaction(async (trx) => {
    const changes = { ...values, updated_by: officer.id, updated_at: deps.clock() };
    let count: number;
    if (typedVersion === '') {
      const inserted = await trx('visit_offices').insert({ office_id: id, ...changes, version: 1 }).onConflict('office_id').ignore().returning('office_id');
      count = inserted.length;
    } else {
      count = await trx('visit_offices').where({ office_id: id, version: Number(typedVersion) || 0 }).update({ ...changes, version: trx.raw('version + 1') });
    }
    if (count) {
      await audit(trx, req, {
        action: 'visit-office-changed',
        officerId: officer.id,
        details: { office: id, accepting: values.accepting, purposes: values.purposes.join(','), weekdays: values.weekdays.join(','), opensAt: values.opens_at, closesAt: values.closes_at, slotMinutes: values.slot_minutes, seats: values.seats, daysAhead: values.days_ahead },
      });
    }
    return count;
  });
  if (!saved) {
    const now = await officeSettings(deps.db, id);
    return render(res, id, now ? typedFrom(now) : typed, [{ field: 'accepting', code: 'changed' }], 409, now);
  }
  res.redirect(303, `${VISITS}?done=saved`);
}
