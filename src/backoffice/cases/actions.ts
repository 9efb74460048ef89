import type { Request, Response } from 'express';
import { canMove } from '../../applications/status.js';
import { findService } from '../../catalogue/index.js';
import type { ApplicationRow } from '../../db/tables.js';
import { todayInBaku } from '../../time/calendar.js';
import { renewCsrfToken } from '../../middleware/csrf.js';
import { noticeForEvent } from '../../notices/events.js';
import { audit } from '../audit/log.js';
import { BASE, officerOf, type BackofficeDeps } from '../context.js';
import { bodyText, errorsForView, type BackofficeError } from '../forms.js';
import { actor, type ActionContext, type CaseAction, type Reading } from './case-action.js';
import { caseFor } from './load.js';
import { caseModel } from './page.js';

function contextOf(deps: BackofficeDeps, res: Response, application: ApplicationRow): ActionContext {
  const service = findService(application.service_id);
  if (!service) throw new Error(`No service ${application.service_id}`);
  return { application, officer: officerOf(res), service, today: todayInBaku(deps.clock()), deps };
}

/** Why a change was not made, shown on the case as it now is (409). */
async function showRefusal(deps: BackofficeDeps, res: Response, application: ApplicationRow, reason: string): Promise<void> {
  res.status(409).render('backoffice/case.njk', { ...(await caseModel(deps, res, application, officerOf(res))), refusal: reason });
}

async function renderForm<I>(action: CaseAction<I>, context: ActionContext, res: Response, typed: Record<string, unknown>, errors: BackofficeError[]): Promise<void> {
  const { errorList, byField } = errorsForView(res.locals.t, `actions.${action.name}`, errors, res.locals.formatDate);
  res.status(errors.length ? 400 : 200).render(action.form!.view, {
    ...(await caseModel(context.deps, res, context.application, context.officer)),
    ...(await action.form!.model(context)),
    action: action.name,
    typed,
    errorList,
    fieldErrors: byField,
  });
}

/** The form of an action, for a case it can be done to now. */
export function showActionForm<I>(action: CaseAction<I>) {
  return async (deps: BackofficeDeps, req: Request, res: Response): Promise<void> => {
    const application = await caseFor(deps, req, res);
    if (!application) return;
    const context = contextOf(deps, res, application);
    if (!action.available(context)) return showRefusal(deps, res, application, action.refusal(context));
    await renderForm(action, context, res, {}, []);
  };
}

/**
 * One action on one case, in one transaction: the case row locked, its version compared with
 * the one the officer's page showed (two officers acting at once never both win), then the
 * change, its status move (refused by the database too if the state machine has no such move),
 * its event and its audit row, all or nothing.
 */
export function performAction<I>(action: CaseAction<I>) {
  return async (deps: BackofficeDeps, req: Request, res: Response): Promise<void> => {
    const found = await caseFor(deps, req, res);
    if (!found) return;
    const seenVersion = Number(bodyText(req.body, 'version'));
    let reading: Reading<I> | undefined;
    const outcome = await deps.db.transaction(async (trx) => {
      const application = (await trx('applications').where({ id: found.id }).forUpdate().first()) as ApplicationRow;
      const context = contextOf(deps, res, application);
      if (!Number.isInteger(seenVersion) || seenVersion !== application.version) return { application, refused: 'changed' };
      if (!action.available(context)) return { application, refused: action.refusal(context) };
      reading = action.read ? await action.read(req.body, context, trx) : { input: {} as I };
      if ('errors' in reading) return { application, invalid: true };
      const change = await action.decide(context, reading.input, trx);
      if ('refused' in change) return { application, refused: change.refused };
      if (change.toStatus && !canMove(application.status, change.toStatus)) return { application, refused: 'status' };
      const [updated] = await trx('applications')
        .where({ id: application.id })
        .update({ ...change.update, ...(change.toStatus ? { status: change.toStatus } : {}), version: application.version + 1, updated_at: trx.fn.now() })
        .returning('*');
      const by = actor(context.officer);
      if (change.toStatus) {
        await trx('application_events').insert({ application_id: application.id, kind: 'status', from_status: application.status, to_status: change.toStatus, actor: by });
      }
      const [event] = await trx('application_events').insert({ application_id: application.id, kind: change.event, actor: by, details: change.details ?? {} }).returning('id');
      // The mail that reports it, if any, is written with it: committed together or not at all.
      await noticeForEvent(trx, updated as ApplicationRow, { id: String(event!.id), kind: change.event, details: change.details ?? {} });
      await audit(trx, req, { action: change.audit, officerId: context.officer.id, applicationId: application.id, details: { from: application.status, to: change.toStatus ?? application.status } });
      return { application: updated as ApplicationRow };
    });
    if ('invalid' in outcome && reading && 'errors' in reading) {
      return renderForm(action, contextOf(deps, res, outcome.application), res, reading.typed, reading.errors);
    }
    if ('refused' in outcome && outcome.refused) return showRefusal(deps, res, outcome.application, outcome.refused);
    renewCsrfToken(req);
    res.redirect(303, `${BASE}/cases/${outcome.application.reference}?done=${action.name}`);
  };
}
