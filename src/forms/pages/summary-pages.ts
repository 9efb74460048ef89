import type { Request, Response } from 'express';
import { findApplicationById } from '../../applications/repository.js';
import { formatReference } from '../../applications/reference.js';
import { hasTaskList, readerOf, type FormState } from '../context.js';
import { todayInBaku } from '../../time/calendar.js';
import { CHECK_ANSWERS } from '../engine.js';
import { sectionOf } from '../navigation.js';
import { renderAnswers, sectionTitle } from '../render-answers.js';
import { renewCsrfToken } from '../../middleware/csrf.js';
import { limitByAddress } from '../../security/limits.js';
import { saveSession } from './step-page.js';
import { feeChoice, submitDraft } from '../submit.js';

type TaskStatus = 'completed' | 'inProgress' | 'notStarted' | 'cannotStart';

/** The task list: each section with its status, and the way to check and send once all are done. */
export function showTaskList(state: FormState, res: Response): void {
  const reader = readerOf(res);
  const { service, progress, draft } = state;
  const current = progress.firstUnfinished ? sectionOf(service, progress.firstUnfinished) : undefined;
  const currentIndex = current ? service.journey.sections.findIndex((section) => section.id === current) : service.journey.sections.length;
  const saved = draft?.answers ?? {};
  const tasks = service.journey.sections.flatMap((section, index) => {
    const onPath = progress.path.filter((step) => section.steps.includes(step.id));
    let status: TaskStatus;
    let href: string | undefined;
    if (index < currentIndex) {
      // A section whose steps this path does not ask is not a task for this applicant.
      if (!onPath.length) return [];
      status = 'completed';
      href = `${state.base}/${onPath[0]!.id}`;
    } else if (index === currentIndex) {
      const touched = onPath.some((step) => saved[step.id]) || onPath.length > 1;
      status = touched ? 'inProgress' : 'notStarted';
      href = `${state.base}/${progress.firstUnfinished!.id}`;
    } else {
      status = 'cannotStart';
    }
    return [{ title: sectionTitle(service, section.id, reader), status, href }];
  });
  const complete = !progress.firstUnfinished;
  res.render('forms/task-list.njk', {
    service,
    tasks,
    completedCount: tasks.filter((task) => task.status === 'completed').length,
    checkHref: complete ? `${state.base}/${CHECK_ANSWERS}` : undefined,
    backHref: `/services/${service.id}`,
  });
}

export function showCheck(state: FormState, res: Response): void {
  const { service, progress } = state;
  if (progress.firstUnfinished) return res.redirect(303, hasTaskList(service) ? state.base : `${state.base}/${progress.firstUnfinished.id}`);
  const reader = readerOf(res);
  const context = { today: state.today, answers: progress.answers };
  res.render('forms/check.njk', {
    service,
    cards: renderAnswers(service, progress.answers, reader, { changeBase: state.base }),
    warnings: service.journey.warnings?.(progress.answers, context) ?? [],
    action: `${state.base}/${CHECK_ANSWERS}`,
    backHref: hasTaskList(service) ? state.base : `${state.base}/${progress.path.at(-1)!.id}`,
  });
}

export async function submitCheck(state: FormState, req: Request, res: Response): Promise<void> {
  const { service } = state;
  if (!state.draft) return res.redirect(303, `/services/${service.id}?expired=1`);
  await limitByAddress(state.deps.db, req, state.deps.limits, 'submit');
  const outcome = await submitDraft(state.deps.db, state.deps.storage, state.deps.mail, service, state.draft.id, { today: state.today, language: req.language });
  if ('missingDraft' in outcome) return res.redirect(303, `/services/${service.id}?expired=1`);
  if ('unfinishedStep' in outcome) return res.redirect(303, `${state.base}/${outcome.unfinishedStep}`);
  // Sent: the token of the pages before is no longer good for anything.
  renewCsrfToken(req);
  await saveSession(req);
  res.redirect(303, `${state.base}/confirmation`);
}

export async function showConfirmation(state: FormState, res: Response): Promise<void> {
  const { service, draft } = state;
  if (!draft?.application_id) return res.redirect(303, `${state.base}/${CHECK_ANSWERS}`);
  const application = await findApplicationById(state.deps.db, draft.application_id);
  if (!application) return res.status(404).render('errors/not-found.njk');
  const submittedOn = todayInBaku(application.submitted_at);
  const context = { today: submittedOn, answers: application.answers };
  res.render('forms/confirmation.njk', {
    service,
    reference: formatReference(application.reference),
    application,
    email: application.answers[service.journey.person.email[0]]?.[service.journey.person.email[1]],
    fee: feeChoice(service.journey, application.answers),
    warnings: service.journey.warnings?.(application.answers, context) ?? [],
    // Served by src/receipts/routes.ts to the session that sent it.
    receiptHref: `${state.base}/receipt.pdf`,
  });
}
