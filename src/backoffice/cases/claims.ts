import { isFinal } from '../../applications/status.js';
import { officersTable } from '../officers/repository.js';
import { SUPERVISORS } from '../officers/roles.js';
import type { CaseAction } from './case-action.js';
import { bodyText } from '../forms.js';

export const CLAIM: CaseAction = {
  name: 'claim',
  available: ({ application }) => !isFinal(application.status) && application.status !== 'pending_confirmation' && !application.assigned_officer,
  refusal: ({ application }) => (isFinal(application.status) ? 'decided' : 'taken'),
  decide: ({ application, officer }) => ({
    update: { assigned_officer: officer.id, assigned_at: new Date() },
    // A case taken for the first time is under review from then on.
    toStatus: application.status === 'submitted' ? 'in_review' : undefined,
    event: 'claimed',
    details: { officer: officer.id },
    audit: 'case-claimed',
  }),
};

export const RELEASE: CaseAction = {
  name: 'release',
  available: ({ application, officer }) => !isFinal(application.status) && application.assigned_officer === officer.id,
  refusal: ({ application }) => (isFinal(application.status) ? 'decided' : 'notYours'),
  decide: ({ officer }) => ({ update: { assigned_officer: null, assigned_at: null }, event: 'released', details: { officer: officer.id }, audit: 'case-released' }),
};

/** A supervisor gives an open case to an officer who works on its service (or to nobody). */
export const REASSIGN: CaseAction<{ to: string | null }> = {
  name: 'reassign',
  available: ({ application, officer }) => SUPERVISORS.includes(officer.role) && !isFinal(application.status),
  refusal: ({ application }) => (isFinal(application.status) ? 'decided' : 'notSupervisor'),
  form: {
    view: 'backoffice/reassign.njk',
    model: async ({ deps, application }) => ({
      officers: await officersTable(deps.db)
        .where({ active: true })
        .whereIn('role', ['officer', 'supervisor'])
        .whereRaw('? = any(services)', [application.service_id])
        .orderBy('name')
        .select('id', 'name'),
    }),
  },
  read: (body) => {
    const to = bodyText(body, 'to');
    if (!to) return { errors: [{ field: 'to', code: 'required' }], typed: {} };
    return { input: { to: to === 'nobody' ? null : to } };
  },
  decide: async ({ application }, { to }, trx) => {
    if (to) {
      const target = /^[0-9a-f-]{36}$/.test(to) ? await trx('officers').where({ id: to, active: true }).first() : undefined;
      if (!target || !target.services.includes(application.service_id) || target.role === 'admin') return { refused: 'notEligible' };
    }
    return { update: { assigned_officer: to, assigned_at: to ? new Date() : null }, event: 'reassigned', details: { officer: to }, audit: 'case-reassigned' };
  },
};
