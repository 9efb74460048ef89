import type { Request, Response } from 'express';
import { readerOf, type FormDeps, type FormState } from '../context.js';
import { isUuid } from '../drafts.js';
import type { FieldError } from '../model.js';
import { backHref, destinationAfter } from '../navigation.js';
import type { Step } from '../steps/types.js';
import { stepKeys, type Reader } from '../words.js';
import { fieldsOf } from '../../http/fields.js';

/** One request to one step: what every step kind's page works with; S is the kind its page serves. */
export interface StepPage<S extends Step = Step> {
  deps: FormDeps;
  state: FormState;
  step: S;
  req: Request;
  res: Response;
  reader: Reader;
  changing: boolean;
}

export function stepPage(deps: FormDeps, state: FormState, step: Step, req: Request, res: Response, changing: boolean): StepPage {
  return { deps, state, step, req, res, reader: readerOf(res), changing };
}

export function stepText(page: Pick<StepPage, 'state' | 'step' | 'reader'>, part: string, values?: Record<string, unknown>): string {
  return page.reader.t(stepKeys(page.state.service.id, page.step.id, page.step.block, part), { defaultValue: '', ...values });
}

/** The posted button: continue (the default), save for later, upload, or remove a file. */
export function actionOf(req: Request): string {
  const action = fieldsOf(req.body).action;
  return typeof action === 'string' ? action : 'continue';
}

const REMOVE = 'remove:';

/** A button about the files alone: upload the ones chosen, or remove one. */
export function isFileAction(action: string): boolean {
  return action === 'upload' || action.startsWith(REMOVE);
}

/** The document a "remove" button names (`remove:<id>`), on a form step or the tracking page's reply alike; undefined for any other button. */
export function fileToRemove(action: string): string | undefined {
  const id = action.startsWith(REMOVE) ? action.slice(REMOVE.length) : undefined;
  return isUuid(id) ? id : undefined;
}

function stepAction(page: StepPage, suffix = ''): string {
  return `${page.state.base}/${page.step.id}${suffix}${page.changing ? '?change=1' : ''}`;
}

/** Renders a step's page with what every step page shows: the service, the heading, the way back. */
export function renderStep(page: StepPage, template: string, model: Record<string, unknown>, errors: readonly FieldError[] = []): void {
  const { state, step, res, reader } = page;
  res.status(errors.length && page.req.method === 'POST' ? 400 : 200).render(template, {
    service: state.service,
    step,
    serviceName: reader.t(`services:services.${state.service.id}.name`),
    title: stepText(page, 'title'),
    intro: stepText(page, 'intro'),
    backHref: backHref(state, step, page.changing),
    action: stepAction(page),
    ...model,
  });
}

/** After a valid answer, saved: the page the applicant goes to next, from the answers as saved. */
export function proceed(page: StepPage): void {
  page.res.redirect(303, destinationAfter(page.state, page.step, page.changing));
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())));
}
