import type { Request, Response } from 'express';
import { searchableText } from '../../applications/search-text.js';
import { todayInBaku } from '../../time/calendar.js';
import { isUuid } from '../../forms/drafts.js';
import { countryName, countryOptions, STATELESS } from '../../i18n/countries.js';
import { audit } from '../audit/log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { bodyText, errorsForView, type BackofficeError } from '../forms.js';
import { officersTable } from '../officers/repository.js';
import { BAN_KINDS, readBan, travelBansTable, typedFrom, type TravelBanRow } from './form.js';

const LIST_LIMIT = 200;

export async function listTravelBans(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const { t, lang, formatDate } = res.locals;
  const show = req.query.show === 'lifted' ? 'lifted' : 'active';
  const q = bodyText(req.query, 'q').trim().slice(0, 100);
  const query = travelBansTable(deps.db).orderBy('created_at', 'desc').limit(LIST_LIMIT);
  if (show === 'lifted') query.whereNotNull('lifted_at');
  else query.whereNull('lifted_at');
  const words = searchableText(q).split(' ').filter(Boolean);
  if (q) query.where((inner) => {
    inner.orWhere('document_number', q.toUpperCase().replace(/[^0-9A-Z]/g, ''));
    if (words.length) inner.orWhere((byName) => words.forEach((word) => byName.where('search_name', 'like', `%${word}%`)));
  });
  const rows = await query;
  await audit(deps.db, req, { action: 'travel-bans-viewed', officerId: officerOf(res).id, details: { show, searched: !!q, rows: rows.length } });
  const today = todayInBaku(deps.clock());
  res.render('backoffice/travel-bans/list.njk', {
    show,
    q,
    done: typeof req.query.done === 'string' ? req.query.done : undefined,
    rows: rows.map((row) => ({
      href: `${BASE}/travel-bans/${row.id}`,
      name: `${row.surname} ${row.given_names}`,
      dateOfBirth: formatDate(row.date_of_birth),
      citizenship: countryName(row.citizenship, lang) ?? t('backoffice:travelBans.stateless'),
      documentNumber: row.document_number,
      kind: t(`backoffice:travelBans.kinds.${row.kind}`),
      period: row.ends_on ? t('backoffice:travelBans.period', { from: formatDate(row.starts_on), until: formatDate(row.ends_on) }) : t('backoffice:travelBans.openEnded', { from: formatDate(row.starts_on) }),
      inForce: !row.lifted_at && row.starts_on <= today && (!row.ends_on || row.ends_on >= today),
    })),
  });
}

async function renderForm(deps: BackofficeDeps, res: Response, model: { row?: TravelBanRow; typed: Record<string, string>; errors: BackofficeError[]; status?: number }): Promise<void> {
  const { t, lang } = res.locals;
  const { errorList, byField } = errorsForView(t, 'travelBans', model.errors);
  const names = model.row
    ? new Map((await officersTable(deps.db).whereIn('id', [model.row.created_by, model.row.updated_by, model.row.lifted_by].filter((id): id is string => !!id)).select('id', 'name')).map((officer) => [officer.id, officer.name]))
    : new Map<string, string>();
  res.status(model.status ?? (model.errors.length ? 400 : 200)).render('backoffice/travel-bans/form.njk', {
    row: model.row,
    createdBy: model.row ? names.get(model.row.created_by) : undefined,
    liftedBy: model.row?.lifted_by ? names.get(model.row.lifted_by) : undefined,
    typed: model.typed,
    kinds: BAN_KINDS,
    countries: [{ value: '', text: '' }, { value: STATELESS, text: t('backoffice:travelBans.stateless') }, ...countryOptions(lang)].map((option) => ({ ...option, selected: option.value === model.typed.citizenship })),
    errorList,
    fieldErrors: byField,
  });
}

export function newTravelBan(deps: BackofficeDeps, _req: Request, res: Response): Promise<void> {
  return renderForm(deps, res, { typed: {}, errors: [] });
}

export async function createTravelBan(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const { values, errors, typed } = readBan(req.body, todayInBaku(deps.clock()));
  if (!values) return renderForm(deps, res, { typed, errors });
  const officer = officerOf(res);
  const id = await deps.db.transaction(async (trx) => {
    const [row] = await travelBansTable(trx).insert({ ...values, created_by: officer.id }).returning('id');
    const banId = row!.id;
    await audit(trx, req, { action: 'travel-ban-added', officerId: officer.id, details: { ban: banId, kind: values.kind } });
    return banId;
  });
  res.redirect(303, `${BASE}/travel-bans?done=added#${id}`);
}

async function banOf(deps: BackofficeDeps, req: Request, res: Response): Promise<TravelBanRow | undefined> {
  const id = req.params.ban;
  const row = isUuid(id) ? await travelBansTable(deps.db).where({ id }).first() : undefined;
  if (!row) res.status(404).render('errors/not-found.njk');
  return row;
}

export async function showTravelBan(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const row = await banOf(deps, req, res);
  if (row) await renderForm(deps, res, { row, typed: typedFrom(row), errors: [] });
}

/** A change or a lift, made only to the record as the supervisor saw it (its version). */
async function changeBan(deps: BackofficeDeps, req: Request, res: Response, lift: boolean): Promise<void> {
  const row = await banOf(deps, req, res);
  if (!row) return;
  if (row.lifted_at) return renderForm(deps, res, { row, typed: typedFrom(row), errors: [{ field: 'surname', code: 'lifted' }], status: 409 });
  const officer = officerOf(res);
  const read = lift ? undefined : readBan(req.body, todayInBaku(deps.clock()));
  if (read && !read.values) return renderForm(deps, res, { row, typed: read.typed, errors: read.errors });
  const changes = lift ? { lifted_by: officer.id, lifted_at: deps.clock() } : { ...read!.values, updated_by: officer.id, updated_at: deps.clock() };
  const updated = await deps.db.transaction(async (trx) => {
    const count = await travelBansTable(trx)
      .where({ id: row.id, version: Number(bodyText(req.body, 'version')) })
      .whereNull('lifted_at')
      .update({ ...changes, version: row.version + 1 });
    if (count) await audit(trx, req, { action: lift ? 'travel-ban-lifted' : 'travel-ban-changed', officerId: officer.id, details: { ban: row.id } });
    return count;
  });
  if (!updated) {
    // Read again as banOf reads it: the same record, now as the other supervisor left it.
    const now = await banOf(deps, req, res);
    if (!now) return;
    return renderForm(deps, res, { row: now, typed: typedFrom(now), errors: [{ field: 'surname', code: 'changed' }], status: 409 });
  }
  res.redirect(303, `${BASE}/travel-bans?done=${lift ? 'lifted' : 'changed'}`);
}

export const updateTravelBan = (deps: BackofficeDeps, req: Request, res: Response) => changeBan(deps, req, res, false);
export const liftTravelBan = (deps: BackofficeDeps, req: Request, res: Response) => changeBan(deps, req, res, true);
