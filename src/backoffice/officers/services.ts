import { SERVICES } from '../../catalogue/index.js';
import { CASEWORKERS, type Role } from './roles.js';

/** Services an officer can be given: those an officer decides. */
export const DECIDED_SERVICES: readonly string[] = SERVICES.filter((service) => service.kind === 'application').map((service) => service.id);

/**
 * Officers and supervisors see the applications of their services only: such an account given none
 * would open on an empty queue for ever, with nothing to say why. Admins keep accounts and see none.
 */
export function wouldSeeNoApplication(account: { role: Role; services: readonly string[] }): boolean {
  return CASEWORKERS.includes(account.role) && !account.services.some((id) => DECIDED_SERVICES.includes(id));
}
