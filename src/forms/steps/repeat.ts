import type { Field, FieldValues } from '../fields/index.js';
import type { FieldError, RawStep, StepContext, StepResult, StepValues } from '../model.js';
import { validateFields } from './question.js';
import type { StepCommon } from './common.js';

/**
 * "Add another": the same questions answered once per item (a job, a family member), between
 * `min` and `max` times. Each item has a page of its own; a list page shows them, with change and
 * remove, and asks whether there is another.
 */
export interface RepeatStep<Id extends string = string, Fs extends readonly Field[] = readonly Field[]> extends StepCommon<Id> {
  readonly kind: 'repeat';
  readonly item: Fs;
  readonly min: number;
  readonly max: number;
  readonly itemCheck?: (values: StepValues, context: StepContext) => FieldError[];
  /** The fields that name an item in the list (default: the first two). */
  readonly describedBy?: readonly string[];
}

export function repeat<const Id extends string, const Fs extends readonly Field[]>(
  id: Id,
  item: Fs,
  more: { min: number; max: number; itemCheck?: (values: FieldValues<Fs>, context: StepContext) => FieldError[]; describedBy?: readonly string[] },
): RepeatStep<Id, Fs> {
  return { kind: 'repeat', id, item, ...more, itemCheck: more.itemCheck as RepeatStep['itemCheck'] };
}

/** A repeat's raw answers: every item as typed, valid or not, and whether the list was declared complete. */
export interface RawRepeat {
  items: RawStep[];
  done?: boolean;
}

export function rawRepeat(raw: RawStep | undefined): RawRepeat {
  const items = Array.isArray(raw?.items) ? (raw.items as unknown[]).filter((item): item is RawStep => !!item && typeof item === 'object') : [];
  return { items, done: raw?.done === true };
}

export function validateItem(step: RepeatStep, raw: RawStep | undefined, context: StepContext): StepResult {
  return validateFields(step.item, raw, context, step.itemCheck);
}

/** Codes on the list page: `more` is the "is there another" question, `items` the list itself. */
export function validateRepeat(step: RepeatStep, raw: RawStep | undefined, context: StepContext): StepResult {
  const { items, done } = rawRepeat(raw);
  const values: StepValues[] = [];
  for (const [index, item] of items.entries()) {
    const result = validateItem(step, item, context);
    if (!result.ok) return { ok: false, errors: [{ field: 'items', code: 'itemIncomplete', values: { number: index + 1 } }] };
    values.push(result.values);
  }
  if (items.length < step.min) return { ok: false, errors: [{ field: 'more', code: 'tooFewItems', values: { min: step.min } }] };
  if (items.length > step.max) return { ok: false, errors: [{ field: 'items', code: 'tooManyItems', values: { max: step.max } }] };
  if (!done) return { ok: false, errors: [{ field: 'more', code: 'required' }] };
  return { ok: true, values: { items: values } };
}
