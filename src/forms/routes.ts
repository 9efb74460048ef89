import type { NextFunction, Request, Response } from 'express';
import type { Route } from '../http/route-table.js';
import { contentDisposition } from '../documents/names.js';
import { findDraft, isUuid } from './drafts.js';
import { stepById } from './engine.js';
import { FormState, hasTaskList, onlineService, type FormDeps, type OnlineService } from './context.js';
import { guard, isChanging, startHref } from './navigation.js';
import { showFee, submitFee } from './pages/fee-page.js';
import { showNotice, submitNotice } from './pages/notice-page.js';
import { showPrefill, submitPrefill } from './pages/prefill-page.js';
import type { FileField } from './fields/file.js';
import { fileFieldsOf, showQuestion, submitQuestion } from './pages/question-page.js';
import {
  showRepeatItem,
  showRepeatList,
  showRepeatRemove,
  submitRepeatItem,
  submitRepeatList,
  submitRepeatRemove,
} from './pages/repeat-page.js';
import { saveSession, stepPage, type StepPage } from './pages/step-page.js';
import { showCheck, showConfirmation, showTaskList, submitCheck } from './pages/summary-pages.js';
import { showSaved, submitMailCode, submitProtect } from './resume/save-page.js';
import type { Step } from './steps/types.js';
import { SESSION_IDLE_MS } from '../middleware/session.js';

interface PageOf<S extends Step> {
  show: (page: StepPage<S>) => void | Promise<void>;
  submit: (page: StepPage<S>) => Promise<void>;
}

/** Each step kind's page: what it shows and what it does with what is sent. */
const STEP_PAGES: { [K in Step['kind']]: PageOf<Extract<Step, { kind: K }>> } = {
  question: { show: (page) => showQuestion(page, page.step.fields), submit: (page) => submitQuestion(page, page.step.fields) },
  fee: { show: showFee, submit: submitFee },
  repeat: { show: showRepeatList, submit: submitRepeatList },
  notice: { show: showNotice, submit: submitNotice },
  exit: { show: showNotice, submit: submitNotice },
  prefill: { show: showPrefill, submit: submitPrefill },
};

const REPEAT_ITEM = { show: showRepeatItem, submit: submitRepeatItem };
const REPEAT_REMOVE = { show: showRepeatRemove, submit: submitRepeatRemove };

type Handler = (state: FormState, req: Request, res: Response) => void | Promise<void>;

/** A route of the forms' table: its file fields are a form engine's, read by the documents' upload parser. */
export type FormRoute = Route<FormDeps, never, readonly FileField[]>;

/**
 * Loads the service's form state for a handler. Pages of a form hold personal data: never cached.
 * Once the draft is sent, every page of it leads to its confirmation.
 */
function withState(handler: Handler, options: { sent?: boolean } = {}): FormRoute['handle'] {
  return async (deps: FormDeps, req: Request, res: Response, next: NextFunction) => {
    const service = onlineService(deps.findService, req.params.slug);
    if (!service) return next();
    res.set('Cache-Control', 'no-store');
    const state = await FormState.load(deps, req, service);
    if (state.draft?.application_id && !options.sent) return res.redirect(303, `${state.base}/confirmation`);
    // A form with answers warns before its session ends (the GOV.UK timeout warning, see application.js).
    if (state.draft && !state.draft.application_id) {
      res.locals.timeoutWarning = { idleMinutes: FORM_IDLE_MINUTES, saveHref: `${state.base}/saved`, endHref: `/services/${service.id}?expired=1` };
    }
    await handler(state, req, res);
  };
}

/** Without a draft only the first step can be shown: anything further means the answers were lost. */
function expired(service: OnlineService, res: Response): void {
  res.redirect(303, `/services/${service.id}?expired=1`);
}

function stepHandler(kind: 'step' | 'item' | 'remove', method: 'show' | 'submit'): Handler {
  return async (state, req, res) => {
    if (!stepById(state.service.journey, String(req.params.step))) return res.status(404).render('errors/not-found.njk');
    const target = guard(state, String(req.params.step));
    if ('redirect' in target) return state.draft ? res.redirect(303, target.redirect) : expired(state.service, res);
    const { step } = target;
    if (kind !== 'step' && step.kind !== 'repeat') return res.redirect(303, `${state.base}/${step.id}`);
    const page = stepPage(state.deps, state, step, req, res, isChanging(req));
    if (kind === 'step') return runStepPage(page, method);
    if (step.kind === 'repeat') await (kind === 'item' ? REPEAT_ITEM : REPEAT_REMOVE)[method]({ ...page, step });
  };
}

/** The page of the step's kind: the switch narrows the step, which a lookup by its kind cannot. */
async function runStepPage(page: StepPage, method: 'show' | 'submit'): Promise<void> {
  const { step } = page;
  switch (step.kind) {
    case 'question': return STEP_PAGES.question[method]({ ...page, step });
    case 'fee': return STEP_PAGES.fee[method]({ ...page, step });
    case 'repeat': return STEP_PAGES.repeat[method]({ ...page, step });
    case 'notice': return STEP_PAGES.notice[method]({ ...page, step });
    case 'exit': return STEP_PAGES.exit[method]({ ...page, step });
    case 'prefill': return STEP_PAGES.prefill[method]({ ...page, step });
  }
}

/**
 * The idle time after which a form's session surely still lives: its expiry is written at most every
 * 5 minutes (session-store.ts), so it may end that much before the 2 hours.
 */
const FORM_IDLE_MINUTES = SESSION_IDLE_MS / 60_000 - 5;

const needsDraft = (handler: Handler): Handler => (state, req, res) => (state.draft ? handler(state, req, res) : expired(state.service, res));

/**
 * Opening a form makes nothing: the draft is made with the first answer saved. A draft already
 * sent is let go of, so starting again opens an empty form.
 */
async function startForm(deps: FormDeps, req: Request, res: Response, next: NextFunction): Promise<void> {
  const service = onlineService(deps.findService, req.params.slug);
  if (!service) return next();
  const draft = await findDraft(deps.db, req.session.drafts?.[service.id], service.id);
  if (draft?.application_id && req.session.drafts) {
    delete req.session.drafts[service.id];
    await saveSession(req);
  }
  res.redirect(303, startHref(service));
}

/** A file of the draft, to the session that uploaded it, before the application is sent. */
const showDraftFile: Handler = async (state, req, res) => {
  const id = req.params.file;
  const row = state.draft && isUuid(id) ? state.documents.find((document) => document.id === id) : undefined;
  const bytes = row ? await state.deps.storage.get(row.storage_key) : undefined;
  if (!row || !bytes) return res.status(404).render('errors/not-found.njk');
  res.set({ 'Content-Type': row.media_type, 'Content-Disposition': contentDisposition(row.display_name), 'Content-Length': String(bytes.length) });
  res.end(bytes);
};

/** The step (with file fields) a multipart request is for, by the route's params, so its body is read with that step's limits. */
function uploadFieldsFor(deps: FormDeps, req: Request): FileField[] | undefined {
  const service = onlineService(deps.findService, req.params.slug);
  const step = service?.journey.steps.find((candidate) => candidate.id === req.params.step);
  return step?.kind === 'question' ? fileFieldsOf(step.fields) : undefined;
}

const APPLY = '/services/:slug/apply';

/** One table serves every service that has a journey: the definitions are the forms. */
export const FORM_ROUTES: readonly FormRoute[] = [
  { method: 'get', path: '/services/:slug/start', access: 'public', handle: startForm },
  {
    method: 'get',
    path: APPLY,
    access: 'public',
    handle: withState((state, _req, res) => (hasTaskList(state.service) ? showTaskList(state, res) : res.redirect(303, startHref(state.service)))),
  },
  // The timeout warning's "continue": writes the session, so its 2 hours start again.
  {
    method: 'get',
    path: '/session/keep-alive',
    access: 'public',
    handle: (_deps, req, res) => {
      if (req.session.drafts) req.session.keptAliveAt = Date.now();
      res.set('Cache-Control', 'no-store').status(204).end();
    },
  },
  { method: 'get', path: `${APPLY}/check`, access: 'public', handle: withState(needsDraft((state, _req, res) => showCheck(state, res))) },
  { method: 'post', path: `${APPLY}/check`, body: 'form', access: 'public', handle: withState(submitCheck, { sent: true }) },
  { method: 'get', path: `${APPLY}/confirmation`, access: 'public', handle: withState(needsDraft((state, _req, res) => showConfirmation(state, res)), { sent: true }) },
  { method: 'get', path: `${APPLY}/saved`, access: 'public', handle: withState(needsDraft(showSaved)) },
  { method: 'post', path: `${APPLY}/saved`, body: 'form', access: 'public', handle: withState(needsDraft(submitProtect)) },
  { method: 'post', path: `${APPLY}/saved/email`, body: 'form', access: 'public', handle: withState(needsDraft(submitMailCode)) },
  { method: 'get', path: `${APPLY}/files/:file`, access: 'public', handle: withState(showDraftFile) },
  { method: 'get', path: `${APPLY}/:step`, access: 'public', handle: withState(stepHandler('step', 'show')) },
  // A step with documents sends a multipart form: its token checked first, then its files read with that step's limits.
  { method: 'post', path: `${APPLY}/:step`, body: { kind: 'multipart', files: uploadFieldsFor }, access: 'public', handle: withState(stepHandler('step', 'submit')) },
  { method: 'get', path: `${APPLY}/:step/:item`, access: 'public', handle: withState(stepHandler('item', 'show')) },
  { method: 'post', path: `${APPLY}/:step/:item`, body: 'form', access: 'public', handle: withState(stepHandler('item', 'submit')) },
  { method: 'get', path: `${APPLY}/:step/:item/remove`, access: 'public', handle: withState(stepHandler('remove', 'show')) },
  { method: 'post', path: `${APPLY}/:step/:item/remove`, body: 'form', access: 'public', handle: withState(stepHandler('remove', 'submit')) },
];
