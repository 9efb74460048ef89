import type { Answers, RawStep, StepContext, StepResult } from '../model.js';
import type { StepCommon } from './common.js';

/**
 * A page that tells something on the way (a late registration, a likely refusal) and goes on
 * when the applicant has read it. Its words may quote figures worked out from earlier answers.
 */
export interface NoticeStep<Id extends string = string> extends StepCommon<Id> {
  readonly kind: 'notice';
  values?(answers: Answers, context: StepContext): Record<string, string>;
}

/** A page that ends the journey here: the applicant does not need, or cannot use, this service. */
export interface ExitStep<Id extends string = string> extends StepCommon<Id> {
  readonly kind: 'exit';
  values?(answers: Answers, context: StepContext): Record<string, string>;
}

export function notice<const Id extends string>(id: Id, more: { values?: NoticeStep['values'] } = {}): NoticeStep<Id> {
  return { kind: 'notice', id, ...more };
}

export function exit<const Id extends string>(id: Id, more: { values?: ExitStep['values'] } = {}): ExitStep<Id> {
  return { kind: 'exit', id, ...more };
}

/** Read once the applicant pressed Continue on it. */
export function validateNotice(raw: RawStep | undefined): StepResult {
  return raw ? { ok: true, values: {} } : { ok: false, errors: [] };
}

/** Never finished: nothing after it can be reached. */
export function validateExit(): StepResult {
  return { ok: false, errors: [] };
}
