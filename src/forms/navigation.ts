import type { Request } from 'express';
import { applyBase, hasTaskList, type FormState, type OnlineService } from './context.js';
import { CHECK_ANSWERS } from './engine.js';
import type { Step } from './steps/types.js';

export function sectionOf(service: OnlineService, step: Step): string | undefined {
  return service.journey.sections.find((section) => section.steps.includes(step.id))?.id;
}

export function isChanging(req: Request): boolean {
  return req.query.change === '1';
}

/** The task list, or for a short journey its first unfinished step. */
export function startHref(service: OnlineService): string {
  return hasTaskList(service) ? applyBase(service) : `${applyBase(service)}/${service.journey.steps[0]!.id}`;
}

/**
 * Where to go once a step is answered well. Changing from "check your answers": through the rest
 * of the section, then back to the summary (or to a step the change brought in). Otherwise the
 * next step; with a task list, back to it at the end of each section.
 */
export function destinationAfter(state: FormState, current: Step, changing: boolean): string {
  const { path, firstUnfinished } = state.progress;
  const base = state.base;
  const index = path.indexOf(current);
  if (firstUnfinished && path.indexOf(firstUnfinished) <= index) return `${base}/${firstUnfinished.id}`;
  const next = path[index + 1];
  const sameSection = next && sectionOf(state.service, next) === sectionOf(state.service, current);
  if (changing) return sameSection ? `${base}/${next.id}?change=1` : `${base}/${firstUnfinished?.id ?? CHECK_ANSWERS}`;
  if (hasTaskList(state.service) && !sameSection) return base;
  return `${base}/${next?.id ?? CHECK_ANSWERS}`;
}

/** The link back from a step: the step before it, the task list at the start of a section, the service page at the start. */
export function backHref(state: FormState, step: Step, changing: boolean): string {
  if (changing) return `${state.base}/${CHECK_ANSWERS}`;
  const { path } = state.progress;
  const previous = path[path.indexOf(step) - 1];
  if (hasTaskList(state.service) && (!previous || sectionOf(state.service, previous) !== sectionOf(state.service, step))) return state.base;
  return previous ? `${state.base}/${previous.id}` : `/services/${state.service.id}`;
}

/** A step opens only once every step before it on the applicant's path is done; otherwise, to the first one that is not. */
export function guard(state: FormState, stepId: string): { step: Step } | { redirect: string } {
  const step = state.progress.path.find((candidate) => candidate.id === stepId);
  if (step) return { step };
  return { redirect: `${state.base}/${state.progress.firstUnfinished?.id ?? CHECK_ANSWERS}` };
}
