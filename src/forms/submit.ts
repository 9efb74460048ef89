import type { ServiceDefinition, Deadline } from '../catalogue/types.js';
import type { Database } from '../db/knex.js';
import { insertApplication } from '../applications/repository.js';
import { addDays, addWorkingDays } from './dates.js';
import { walk } from './engine.js';
import type { RawAnswers, SubmissionContext } from './journey.js';

export type SubmitOutcome = { applicationId: string } | { unfinishedStep: string } | { missingDraft: true };

export function legalDueDate(deadline: Deadline, submittedOn: string): string {
  const { amount, unit } = deadline.standard;
  return unit === 'workingDays' ? addWorkingDays(submittedOn, amount) : addDays(submittedOn, amount);
}

/**
 * Turns a draft into exactly one application. The draft row is locked first, so a second
 * submit (another tab, a double click, back and resubmit) waits, then finds the application made.
 */
export async function submitDraft(
  db: Database,
  service: ServiceDefinition,
  draftId: string,
  context: SubmissionContext,
): Promise<SubmitOutcome> {
  const journey = service.journey;
  if (!journey || !service.deadline) throw new Error(`${service.id} cannot be applied for online`);
  const deadline = service.deadline;
  return db.transaction(async (trx) => {
    const draft = await trx('drafts').where({ id: draftId, service_id: service.id }).forUpdate().first();
    if (!draft) return { missingDraft: true } as const;
    if (draft.application_id) return { applicationId: draft.application_id as string };
    const progress = walk(journey, draft.answers as RawAnswers, context);
    if (progress.firstUnfinished) return { unfinishedStep: progress.firstUnfinished.id };
    const application = await insertApplication(trx, {
      serviceId: service.id,
      language: context.language,
      identity: journey.identity(progress.answers),
      answers: progress.answers,
      legalDueDate: legalDueDate(deadline, context.today),
    });
    await trx('drafts').where({ id: draftId }).update({ application_id: application.id, updated_at: trx.fn.now() });
    return { applicationId: application.id };
  });
}
