import { isOneOf } from '../../text/one-of.js';
export const ROLES = ['officer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who works cases: officers, and supervisors above them. Admins keep the accounts. */
export const CASEWORKERS: readonly Role[] = ['officer', 'supervisor'];
export const SUPERVISORS: readonly Role[] = ['supervisor'];
export const ADMINS: readonly Role[] = ['admin'];

export function isRole(value: unknown): value is Role {
  return isOneOf(ROLES, value);
}
