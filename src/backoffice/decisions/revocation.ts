import type { CaseAction } from '../cases/case-action.js';
import { bodyText, type BackofficeError } from '../forms.js';
import { SUPERVISORS } from '../officers/roles.js';
import { readNote } from './actions.js';

/**
 * A supervisor revokes a permit given here, saying why: kept on the application and its history,
 * audited with the request, and from then on every check of the permit answers "revoked".
 */
export const REVOKE: CaseAction<{ note: string }> = {
  name: 'revoke',
  available: ({ application, officer }) =>
    SUPERVISORS.includes(officer.role) && application.status === 'approved' && !!application.permit_number && !application.permit_revoked_at,
  refusal: ({ officer }) => (!SUPERVISORS.includes(officer.role) ? 'notSupervisor' : 'status'),
  form: { view: 'backoffice/revoke.njk', model: () => ({}) },
  read: (body) => {
    const errors: BackofficeError[] = [];
    const note = readNote(body, 'note', errors, true);
    return errors.length ? { errors, typed: { note: bodyText(body, 'note') } } : { input: { note: note! } };
  },
  decide: ({ officer }, input, trx) => ({
    update: { permit_revoked_at: trx.fn.now(), permit_revoked_by: officer.id },
    event: 'permit-revoked',
    details: { note: input.note },
    audit: 'permit-revoked',
  }),
};
