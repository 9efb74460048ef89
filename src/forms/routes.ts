import { Router, type Request, type Response } from 'express';
import { findService } from '../catalogue/index.js';
import type { ServiceDefinition } from '../catalogue/types.js';
import type { Database } from '../db/knex.js';
import { findApplicationById } from '../applications/repository.js';
import { ensureCsrfToken } from '../middleware/csrf.js';
import { formatReference } from '../applications/reference.js';
import { todayInBaku } from './dates.js';
import { createDraft, findDraft, saveStep, type DraftRow } from './drafts.js';
import { CHECK_ANSWERS, destinationAfter, stepById, walk, type Progress } from './engine.js';
import type { Journey, RawAnswers, Step } from './journey.js';
import { summaryOf } from './summary.js';
import { submitDraft } from './submit.js';
import { rawStepFromBody } from './validate.js';
import { fieldViews, errorSummary } from './view-model.js';

type Clock = () => Date;

function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())));
}

interface Loaded {
  service: ServiceDefinition & { journey: Journey };
  draft: DraftRow;
}

const base = (service: ServiceDefinition) => `/services/${service.id}/apply`;

/** One router serves every service that has a journey: the definitions are the forms. */
export function formRoutes(db: Database, clock: Clock): Router {
  const router = Router();
  const today = () => todayInBaku(clock());

  function serviceWithJourney(req: Request): (ServiceDefinition & { journey: Journey }) | undefined {
    const service = findService(String(req.params.slug));
    return service?.journey ? (service as ServiceDefinition & { journey: Journey }) : undefined;
  }

  /** The session's draft for this service; without one, back to the service page to start. */
  async function load(req: Request, res: Response, options: { submitted?: boolean } = {}): Promise<Loaded | undefined> {
    const service = serviceWithJourney(req);
    if (!service) {
      res.status(404).render('errors/not-found.njk');
      return undefined;
    }
    const draft = await findDraft(db, req.session.drafts?.[service.id], service.id);
    if (!draft) {
      res.redirect(303, `/services/${service.id}?expired=1`);
      return undefined;
    }
    if (draft.application_id && !options.submitted) {
      res.redirect(303, `${base(service)}/confirmation`);
      return undefined;
    }
    return { service, draft };
  }

  router.get('/services/:slug/start', async (req, res, next) => {
    const service = serviceWithJourney(req);
    if (!service) return next();
    const existing = await findDraft(db, req.session.drafts?.[service.id], service.id);
    const draft = existing && !existing.application_id ? existing : await createDraft(db, service.id);
    req.session.drafts = { ...req.session.drafts, [service.id]: draft.id };
    // express-session sends the headers before its save finishes, and a browser follows the
    // redirect at once: without saving first, the next page could look up a session not yet stored.
    // The form's CSRF token is made here too, so the step page leaves the session as it is.
    ensureCsrfToken(req);
    await saveSession(req);
    const progress = walk(service.journey, draft.answers, { today: today() });
    res.redirect(303, `${base(service)}/${progress.firstUnfinished?.id ?? CHECK_ANSWERS}`);
  });

  function renderStep(res: Response, loaded: Loaded, step: Step, raw: RawAnswers, progress: Progress, changing: boolean, posted: boolean): void {
    const errors = progress.firstUnfinished === step ? progress.errors : [];
    const index = progress.path.indexOf(step);
    const previous = index > 0 ? progress.path[index - 1] : undefined;
    res.status(posted && errors.length ? 400 : 200).render('forms/step.njk', {
      service: loaded.service,
      step,
      fields: fieldViews(step, raw[step.id], errors, res.locals),
      errorList: errorSummary(errors, res.locals.t),
      backHref: changing ? `${base(loaded.service)}/${CHECK_ANSWERS}` : previous ? `${base(loaded.service)}/${previous.id}` : `/services/${loaded.service.id}`,
      action: `${base(loaded.service)}/${step.id}${changing ? '?change=1' : ''}`,
    });
  }

  /** A step can be opened only once every step before it on the applicant's path is done. */
  function reachable(loaded: Loaded, stepId: string, raw: RawAnswers): { step: Step; progress: Progress } | { redirect: string } {
    const progress = walk(loaded.service.journey, raw, { today: today() });
    const step = stepById(loaded.service.journey, stepId);
    if (step && progress.path.includes(step)) return { step, progress };
    return { redirect: `${base(loaded.service)}/${progress.firstUnfinished?.id ?? CHECK_ANSWERS}` };
  }

  router.get('/services/:slug/apply/check', async (req, res) => {
    const loaded = await load(req, res);
    if (!loaded) return;
    const context = { today: today() };
    const progress = walk(loaded.service.journey, loaded.draft.answers, context);
    if (progress.firstUnfinished) return res.redirect(303, `${base(loaded.service)}/${progress.firstUnfinished.id}`);
    res.render('forms/check.njk', {
      service: loaded.service,
      sections: summaryOf(progress, res.locals, base(loaded.service)),
      warnings: loaded.service.journey.warnings?.(progress.answers, context) ?? [],
      action: `${base(loaded.service)}/${CHECK_ANSWERS}`,
      backHref: `${base(loaded.service)}/${progress.path.at(-1)!.id}`,
    });
  });

  router.post('/services/:slug/apply/check', async (req, res) => {
    const service = serviceWithJourney(req);
    if (!service) return res.status(404).render('errors/not-found.njk');
    const draftId = req.session.drafts?.[service.id];
    const outcome = draftId
      ? await submitDraft(db, service, draftId, { today: today(), language: req.language })
      : ({ missingDraft: true } as const);
    if ('missingDraft' in outcome) return res.redirect(303, `/services/${service.id}?expired=1`);
    if ('unfinishedStep' in outcome) return res.redirect(303, `${base(service)}/${outcome.unfinishedStep}`);
    res.redirect(303, `${base(service)}/confirmation`);
  });

  router.get('/services/:slug/apply/confirmation', async (req, res) => {
    const loaded = await load(req, res, { submitted: true });
    if (!loaded) return;
    if (!loaded.draft.application_id) return res.redirect(303, `${base(loaded.service)}/${CHECK_ANSWERS}`);
    const application = await findApplicationById(db, loaded.draft.application_id);
    if (!application) return res.status(404).render('errors/not-found.njk');
    res.render('forms/confirmation.njk', {
      service: loaded.service,
      reference: formatReference(application.reference),
      application,
      warnings: loaded.service.journey.warnings?.(application.answers, { today: todayInBaku(application.submitted_at) }) ?? [],
    });
  });

  router.get('/services/:slug/apply/:step', async (req, res) => {
    const loaded = await load(req, res);
    if (!loaded) return;
    const target = reachable(loaded, req.params.step, loaded.draft.answers);
    if ('redirect' in target) return res.redirect(303, target.redirect);
    renderStep(res, loaded, target.step, loaded.draft.answers, target.progress, req.query.change === '1', false);
  });

  router.post('/services/:slug/apply/:step', async (req, res) => {
    const loaded = await load(req, res);
    if (!loaded) return;
    const target = reachable(loaded, req.params.step, loaded.draft.answers);
    if ('redirect' in target) return res.redirect(303, target.redirect);
    const raw = { ...loaded.draft.answers, [target.step.id]: rawStepFromBody(target.step, req.body ?? {}) };
    await saveStep(db, loaded.draft.id, target.step.id, raw[target.step.id]!);
    const changing = req.query.change === '1';
    const progress = walk(loaded.service.journey, raw, { today: today() });
    if (progress.firstUnfinished === target.step) return renderStep(res, loaded, target.step, raw, progress, changing, true);
    res.redirect(303, `${base(loaded.service)}/${destinationAfter(loaded.service.journey, progress, target.step, changing)}`);
  });

  return router;
}
