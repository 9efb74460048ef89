import type { Request, Response } from 'express';
import { isFinal, type Status } from '../../applications/status.js';
import type { ApplicationRow } from '../../db/tables.js';
import type { Knex } from 'knex';
import { renewCsrfToken } from '../../middleware/csrf.js';
import { audit, type AuditAction } from '../audit/log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { bodyText } from '../forms.js';
import type { OfficerRow } from '../officers/repository.js';
import { caseFor } from './load.js';
import { caseModel } from './page.js';

/** What an action does to a case, given it as it is now; `refused` names why it cannot be done now. */
type Change = { refused: string } | { update: Record<string, unknown>; toStatus?: Status; event: string; details?: Record<string, unknown>; audit: AuditAction };

export interface CaseAction {
  name: string;
  decide: (application: ApplicationRow, officer: OfficerRow, trx: Knex.Transaction) => Change | Promise<Change>;
}

export const CLAIM: CaseAction = {
  name: 'claim',
  decide: (application, officer) => {
    if (isFinal(application.status)) return { refused: 'decided' };
    if (application.assigned_officer) return { refused: 'taken' };
    return {
      update: { assigned_officer: officer.id, assigned_at: new Date() },
      // A case taken for the first time is under review from then on.
      toStatus: application.status === 'submitted' ? 'in_review' : undefined,
      event: 'claimed',
      details: { officer: officer.id },
      audit: 'case-claimed',
    };
  },
};

export const RELEASE: CaseAction = {
  name: 'release',
  decide: (application, officer) => {
    if (isFinal(application.status)) return { refused: 'decided' };
    if (application.assigned_officer !== officer.id) return { refused: 'notYours' };
    return { update: { assigned_officer: null, assigned_at: null }, event: 'released', details: { officer: officer.id }, audit: 'case-released' };
  },
};

/** Why a change was not made, re-shown on the case as it now is (409). */
async function showRefusal(deps: BackofficeDeps, res: Response, application: ApplicationRow, reason: string): Promise<void> {
  res.status(409).render('backoffice/case.njk', { ...(await caseModel(deps, res, application, officerOf(res))), refusal: reason });
}

/**
 * One action on one case, in one transaction: the case row locked, its version compared with the
 * one the officer's page showed (so two officers acting at once never both win), the change, its
 * event and its audit row together or not at all.
 */
export function caseAction(action: CaseAction) {
  return async (deps: BackofficeDeps, req: Request, res: Response): Promise<void> => {
    const found = await caseFor(deps, req, res);
    if (!found) return;
    const officer = officerOf(res);
    const seenVersion = Number(bodyText(req.body, 'version'));
    const outcome = await deps.db.transaction(async (trx) => {
      const application = (await trx('applications').where({ id: found.id }).forUpdate().first()) as ApplicationRow;
      if (!Number.isInteger(seenVersion) || seenVersion !== application.version) return { application, refused: 'changed' };
      const change = await action.decide(application, officer, trx);
      if ('refused' in change) return { application, refused: change.refused };
      const [updated] = await trx('applications')
        .where({ id: application.id })
        .update({ ...change.update, ...(change.toStatus ? { status: change.toStatus } : {}), version: application.version + 1, updated_at: trx.fn.now() })
        .returning('*');
      const actor = `officer:${officer.id}`;
      if (change.toStatus) {
        await trx('application_events').insert({ application_id: application.id, kind: 'status', from_status: application.status, to_status: change.toStatus, actor });
      }
      await trx('application_events').insert({ application_id: application.id, kind: change.event, actor, details: change.details ?? {} });
      await audit(trx, req, { action: change.audit, officerId: officer.id, applicationId: application.id, details: { from: application.status, to: change.toStatus ?? application.status } });
      return { application: updated as ApplicationRow };
    });
    if ('refused' in outcome && outcome.refused) return showRefusal(deps, res, outcome.application, outcome.refused);
    renewCsrfToken(req);
    res.redirect(303, `${BASE}/cases/${outcome.application.reference}?done=${action.name}`);
  };
}
