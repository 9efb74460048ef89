import { insertApplication } from '../applications/repository.js';
import type { Database } from '../db/knex.js';
import { draftDocuments, withFiles } from '../documents/repository.js';
import type { DocumentStorage } from '../documents/storage.js';
import type { Language } from '../i18n/languages.js';
import type { FormMail } from './context.js';
import { walkSaved } from './engine.js';
import { rememberedWalk } from './walk-memo.js';
import { answerAt, personName, type Journey } from './journey.js';
import { fileRefs } from './fields/file.js';
import { answerFrom } from './known-answer.js';
import { normaliseDocumentNumber } from './person-identifier.js';
import type { JourneyService } from './service.js';
import type { Answers } from './model.js';
import { dueDate, type Deadline, type FeeValues } from './steps/fee.js';

export type SubmitOutcome = { applicationId: string } | { unfinishedStep: string } | { missingDraft: true };

/** The fee step's values, where the journey has one. */
export function feeChoice(journey: Journey, answers: Answers): FeeValues | undefined {
  const step = journey.steps.find((candidate) => candidate.kind === 'fee');
  return step ? (answers[step.id] as FeeValues | undefined) : undefined;
}

/** The ids of every file the accepted answers hold. */
function filesIn(answers: Answers): string[] {
  return Object.values(answers).flatMap((values) => Object.values(values ?? {}).flatMap((value) => fileRefs(value).map((file) => file.id)));
}

/**
 * Turns a draft into exactly one application, with its documents, in one transaction. The draft
 * row is locked first, so a second submit (another tab, a double click, back and resubmit) waits,
 * then finds the application made. Files of the draft the answers no longer hold (a document of a
 * path not taken) are deleted with it, so nothing of the draft is left behind unowned.
 */
export async function submitDraft(
  db: Database,
  storage: DocumentStorage,
  mail: FormMail,
  service: JourneyService,
  draftId: string,
  context: { today: string; language: Language },
): Promise<SubmitOutcome> {
  const journey = service.journey;
  if (!journey || !service.deadline) throw new Error(`${service.id} cannot be applied for online`);
  const deadline: Deadline = service.deadline;
  return db.transaction(async (trx) => {
    const draft = await trx('drafts').where({ id: draftId, service_id: service.id }).forUpdate().first();
    if (!draft) return { missingDraft: true } as const;
    if (draft.application_id) return { applicationId: draft.application_id };
    // Read once the lock is held, in a snapshot of its own: a file whose upload held the lock (its row's key
    // check) is in it. Read with the lock in one statement, the files would be those from before the wait.
    const documents = await draftDocuments(trx, draftId);
    const raw = withFiles(draft.answers, documents);
    // Check your answers has just walked these answers today, most often in this process: that walk is taken.
    const { progress } = rememberedWalk(journey, draft.answers, raw, context.today, () => walkSaved(journey, draft.answers, raw, context.today));
    if (progress.firstUnfinished) return { unfinishedStep: progress.firstUnfinished.id };
    const answers = progress.answers;
    const fee = feeChoice(journey, answers);
    const kept = new Set(filesIn(answers));
    const joined = documents.filter((row) => kept.has(row.id));
    const dropped = documents.filter((row) => !kept.has(row.id));
    const language = context.language;
    // The mail saying it was received, written with the application: one per application, never for a submit that failed.
    const receivedMail = mail.submitted(trx, { serviceId: service.id, answers, language });
    const application = await insertApplication(
      trx,
      {
        serviceId: service.id,
        serviceVersion: service.version ?? 1,
        language,
        person: {
          documentNumber: normaliseDocumentNumber(String(answerAt(answers, journey.person.documentNumber))),
          citizenship: String(answerFrom(answers, journey.person.citizenship)),
          dateOfBirth: String(answerAt(answers, journey.person.dateOfBirth)),
          name: personName(journey.person, answers),
        },
        answers,
        legalDueDate: fee?.dueDate ?? dueDate(deadline, 'standard', context.today),
        period: fee?.period,
        speed: fee?.speed,
        feeAmount: fee?.amount,
      },
      // The draft is marked sent, and the files its answers hold become the application's, in the statement that makes it.
      { draftId, documentIds: joined.map((row) => row.id) },
      receivedMail ? [receivedMail] : [],
    );
    if (dropped.length) {
      await trx('documents').whereIn('id', dropped.map((row) => row.id)).delete();
      await storage.delete(dropped.map((row) => row.storage_key), trx);
    }
    return { applicationId: application.id };
  });
}
