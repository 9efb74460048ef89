import type { Request, Response } from 'express';
import { z } from 'zod';
import { isUuid } from '../../forms/drafts.js';
import { hasLetter } from '../../text/rules.js';
import { isLanguage, LANGUAGES, type Language } from '../../i18n/languages.js';
import { audit } from '../audit/log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { bodyText, errorsForView, officerText, type BackofficeError } from '../forms.js';
import { hashPassword, oneTimePassword } from '../officers/passwords.js';
import { createOfficer, findOfficer, findOfficerByEmail, normaliseEmail, officersTable, type OfficerRow } from '../officers/repository.js';
import { ROLES, isRole, type Role } from '../officers/roles.js';
import { DECIDED_SERVICES, wouldSeeNoApplication } from '../officers/services.js';
import { forgetAccountFailures } from '../auth/throttle.js';
import { fieldsOf } from '../../http/fields.js';

interface OfficerForm {
  name: string;
  email: string;
  role: Role;
  services: string[];
  language: Language;
  active: boolean;
}

function list(body: unknown, name: string): string[] {
  const value = fieldsOf(body)[name];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

const emailSchema = z.email();

function readOfficerForm(body: unknown, withEmail: boolean): { form: OfficerForm; errors: BackofficeError[] } {
  const errors: BackofficeError[] = [];
  const name = officerText(bodyText(body, 'name'), { maxLength: 200 });
  if (name.code) errors.push({ field: 'name', code: name.code, values: { max: 200 } });
  else if (!name.value) errors.push({ field: 'name', code: 'required' });
  else if (!hasLetter(name.value)) errors.push({ field: 'name', code: 'noLetters' });
  const email = normaliseEmail(bodyText(body, 'email')).slice(0, 320);
  if (withEmail) {
    if (!email) errors.push({ field: 'email', code: 'required' });
    else if (!emailSchema.safeParse(email).success) errors.push({ field: 'email', code: 'format' });
  }
  const role = bodyText(body, 'role');
  if (!isRole(role)) errors.push({ field: 'role', code: 'required', target: 'role' });
  const language = bodyText(body, 'language');
  const form: OfficerForm = {
    name: name.value,
    email,
    role: isRole(role) ? role : 'officer',
    services: list(body, 'services').filter((id) => DECIDED_SERVICES.includes(id)),
    language: isLanguage(language) ? language : 'az',
    active: bodyText(body, 'active') === 'yes',
  };
  if (isRole(role) && wouldSeeNoApplication(form)) errors.push({ field: 'services', code: 'none' });
  return { form, errors };
}

function renderOfficerForm(res: Response, model: { officer?: OfficerRow; form: Partial<OfficerForm>; errors: BackofficeError[] }): void {
  const { errorList, byField } = errorsForView(res.locals.t, 'admin', model.errors);
  res.status(model.errors.length ? 400 : 200).render('backoffice/admin/officer.njk', {
    editing: model.officer,
    form: model.form,
    roles: ROLES,
    services: DECIDED_SERVICES,
    languages: LANGUAGES,
    errorList,
    fieldErrors: byField,
  });
}

function renderPassword(res: Response, officer: { name: string; email: string }, password: string, created: boolean): void {
  res.status(created ? 201 : 200).render('backoffice/admin/one-time-password.njk', { subject: officer, password, created });
}

export async function listOfficers(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officers = await officersTable(deps.db).orderBy([{ column: 'active', order: 'desc' }, { column: 'name' }]);
  res.render('backoffice/admin/officers.njk', {
    officers,
    done: req.query.done === 'updated' ? 'updated' : undefined,
  });
}

export function newOfficerForm(_deps: BackofficeDeps, _req: Request, res: Response): void {
  renderOfficerForm(res, { form: { role: 'officer', services: [], language: 'az', active: true }, errors: [] });
}

export async function createOfficerFromForm(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const { form, errors } = readOfficerForm(req.body, true);
  if (!errors.length && (await findOfficerByEmail(deps.db, form.email))) errors.push({ field: 'email', code: 'taken' });
  if (errors.length) return renderOfficerForm(res, { form, errors });
  const password = oneTimePassword();
  const created = await createOfficer(deps.db, { ...form, password, mustChange: true });
  await audit(deps.db, req, { action: 'officer-created', officerId: officerOf(res).id, details: { subject: created.id, role: created.role } });
  renderPassword(res, created, password, true);
}

async function subjectOf(deps: BackofficeDeps, req: Request, res: Response): Promise<OfficerRow | undefined> {
  const id = req.params.officer;
  const officer = isUuid(id) ? await findOfficer(deps.db, id) : undefined;
  if (!officer) res.status(404).render('errors/not-found.njk');
  return officer;
}

export async function editOfficerForm(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const officer = await subjectOf(deps, req, res);
  if (officer) renderOfficerForm(res, { officer, form: officer, errors: [] });
}

export async function updateOfficer(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const subject = await subjectOf(deps, req, res);
  if (!subject) return;
  const { form, errors } = readOfficerForm(req.body, false);
  const admin = officerOf(res);
  // An admin cannot take away their own access: there would be nobody left to give it back.
  if (subject.id === admin.id && (!form.active || form.role !== 'admin')) errors.push({ field: 'role', code: 'self', target: 'role' });
  if (errors.length) return renderOfficerForm(res, { officer: subject, form: { ...form, email: subject.email }, errors });
  await deps.db('officers')
    .where({ id: subject.id })
    .update({ name: form.name, role: form.role, services: form.services, language: form.language, active: form.active, updated_at: deps.clock() });
  await audit(deps.db, req, { action: 'officer-updated', officerId: admin.id, details: { subject: subject.id, role: form.role, active: form.active, services: form.services.join(',') } });
  res.redirect(303, `${BASE}/admin/officers?done=updated`);
}

/** A new one-time password, shown once; failed sign-ins and the second factor are cleared so the officer can start again. */
export async function resetOfficerPassword(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const subject = await subjectOf(deps, req, res);
  if (!subject) return;
  const password = oneTimePassword();
  await deps.db('officers')
    .where({ id: subject.id })
    .update({ password_hash: await hashPassword(password), password_must_change: true, totp_secret: null, totp_enabled: false, totp_last_step: null, updated_at: deps.clock() });
  await forgetAccountFailures(deps, subject.email);
  await audit(deps.db, req, { action: 'officer-password-reset', officerId: officerOf(res).id, details: { subject: subject.id } });
  renderPassword(res, subject, password, false);
}

export async function showSecurity(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const policies = (await deps.db('role_policies').select('role', 'totp_required')) as { role: Role; totp_required: boolean }[];
  res.render('backoffice/admin/security.njk', { roles: ROLES, required: policies.filter((policy) => policy.totp_required).map((policy) => policy.role), done: req.query.done });
}

export async function updateSecurity(deps: BackofficeDeps, req: Request, res: Response): Promise<void> {
  const required = list(req.body, 'totpRequired').filter(isRole);
  await deps.db.transaction(async (trx) => {
    for (const role of ROLES) await trx('role_policies').where({ role }).update({ totp_required: required.includes(role), updated_at: deps.clock() });
  });
  await audit(deps.db, req, { action: 'role-policy-changed', officerId: officerOf(res).id, details: { totpRequired: required.join(',') } });
  res.redirect(303, `${BASE}/admin/security?done=saved`);
}
