import type { Queryable } from '../../db/knex.js';
import { fieldModule, visibleFields, type Field } from '../fields/index.js';
import { radios } from '../fields/radios.js';
import type { Answers, RawStep, StepContext, StepResult } from '../model.js';
import { validateFields } from './question.js';
import type { StepCommon } from './common.js';

/**
 * Offers answers from an earlier application, found with what the applicant has just said (a permit
 * number with the employer's VÖEN and the worker's date of birth). What is found is shown only to
 * someone who gave every one of those together; nothing found and no match answer alike.
 */
export interface PrefillStep<Id extends string = string> extends StepCommon<Id> {
  readonly kind: 'prefill';
  /** The later steps the earlier answers fill in, when the applicant takes them. */
  readonly fills: readonly string[];
  /** The accepted answers of the earlier application, or null. */
  readonly find: (db: Queryable, answers: Answers) => Promise<Answers | null>;
  /** What a lookup is counted under besides the address, so that no one can guess their way in. */
  readonly guessedAt: (answers: Answers) => string;
}

export function prefill<const Id extends string>(id: Id, more: Omit<PrefillStep<Id>, 'kind' | 'id'>): PrefillStep<Id> {
  return { kind: 'prefill', id, ...more };
}

/** Asked only when something was found; the page makes it required then. */
export const USE_EARLIER = radios('useEarlier', ['yes', 'no'], { optional: true });

export function validatePrefill(raw: RawStep | undefined, context: StepContext): StepResult {
  return raw ? validateFields([USE_EARLIER], raw, context) : { ok: false, errors: [] };
}

/** A step's accepted values as its form would have sent them: what a page shows filled in. */
export function rawFromValues(fields: readonly Field[], values: Readonly<Record<string, unknown>>, answers: Answers): RawStep {
  const raw: RawStep = {};
  for (const field of visibleFields(fields, values, answers)) {
    const value = values[field.name];
    if (value === undefined || field.type === 'file') continue;
    const module = fieldModule(field);
    raw[field.name] = module.asRaw ? module.asRaw(field, value) : value;
  }
  return raw;
}
