import type { Queryable } from '../../db/knex.js';
import type { Language } from '../../i18n/languages.js';
import { hashPassword } from './passwords.js';
import type { Role } from './roles.js';

export interface OfficerRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  services: string[];
  active: boolean;
  language: Language;
  password_hash: string;
  password_must_change: boolean;
  last_signed_in_at: Date | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  /** bigint: PostgreSQL sends it as text. */
  totp_last_step: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewOfficer {
  email: string;
  name: string;
  role: Role;
  services: readonly string[];
  language?: Language;
  password: string;
  /** A password the officer did not choose is changed at the first sign-in. */
  mustChange: boolean;
}

/**
 * The officers table, its rows typed. Not declared in db/tables.ts: the tests read it as untyped
 * rows, and the back-office owns it.
 */
export const officersTable = (db: Queryable) => db<OfficerRow>('officers');

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createOfficer(db: Queryable, officer: NewOfficer): Promise<OfficerRow> {
  const [row] = await officersTable(db)
    .insert({
      email: normaliseEmail(officer.email),
      name: officer.name,
      role: officer.role,
      services: [...officer.services],
      language: officer.language ?? 'az',
      password_hash: await hashPassword(officer.password),
      password_must_change: officer.mustChange,
    })
    .returning('*');
  if (!row) throw new Error('The new officer was not returned');
  return row;
}

export async function findOfficerByEmail(db: Queryable, email: string): Promise<OfficerRow | undefined> {
  return db('officers').where({ email: normaliseEmail(email) }).first();
}

export async function findOfficer(db: Queryable, id: string): Promise<OfficerRow | undefined> {
  return db('officers').where({ id }).first();
}

/** Whether an admin requires a second factor of this role. */
export async function roleRequiresTotp(db: Queryable, role: Role): Promise<boolean> {
  const policy = await db('role_policies').where({ role }).first('totp_required');
  return !!policy?.totp_required;
}

/** An officer with what their role's policy requires, in one query: what the guard reads on every request. */
export async function findOfficerWithPolicy(db: Queryable, id: string): Promise<(OfficerRow & { totp_required: boolean }) | undefined> {
  return db('officers')
    .leftJoin('role_policies', 'role_policies.role', 'officers.role')
    .where('officers.id', id)
    .first('officers.*', db.raw('coalesce(role_policies.totp_required, false) as totp_required'));
}
