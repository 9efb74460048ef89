import { z } from 'zod';
import { allFields, fieldModule, isConditional, visibleFields, type Field, type FieldValues } from '../fields/index.js';
import type { Body } from '../fields/types.js';
import type { FieldError, RawStep, StepContext, StepResult, StepValues } from '../model.js';
import { errorsFromZod } from '../zod-errors.js';
import type { StepCommon } from './common.js';

/** A page of questions. */
export interface QuestionStep<Id extends string = string, Fs extends readonly Field[] = readonly Field[]> extends StepCommon<Id> {
  readonly kind: 'question';
  readonly fields: Fs;
  /** Checks across this step's fields, run once each is valid on its own. */
  readonly check?: (values: StepValues, context: StepContext) => FieldError[];
}

/** A question step; its check sees the step's values typed from its fields. */
export function question<const Id extends string, const Fs extends readonly Field[]>(
  id: Id,
  fields: Fs,
  more: { block?: string; check?: (values: FieldValues<Fs>, context: StepContext) => FieldError[] } = {},
): QuestionStep<Id, Fs> {
  return { kind: 'question', id, fields, block: more.block, check: more.check as QuestionStep['check'] };
}

const NESTED = new WeakMap<readonly Field[], Set<Field>>();

/** Fields that appear only under an option of another field. */
function nestedFields(fields: readonly Field[]): Set<Field> {
  let nested = NESTED.get(fields);
  if (!nested) {
    const top = new Set(fields);
    nested = new Set(allFields(fields).filter((field) => !top.has(field)));
    NESTED.set(fields, nested);
  }
  return nested;
}

/**
 * What is kept of a step's inputs: the fields asked on this path, each with a value (an untouched
 * field as empty, so it is checked rather than skipped); fields not asked are dropped.
 */
export function keepVisible(fields: readonly Field[], raw: RawStep | undefined, context: StepContext): RawStep {
  const kept: RawStep = {};
  for (const field of visibleFields(fields, raw, context.answers)) {
    kept[field.name] = raw && field.name in raw && raw[field.name] !== undefined ? raw[field.name] : fieldModule(field).empty(field);
  }
  return kept;
}

/**
 * The fields' own schemas as one z.object, made once per list of fields and day (a date's rule
 * depends on today) and shared by every request of that day. Making a zod object and its first
 * parse (zod compiles a fast path for each new object) cost far more than checking a step, and
 * every page walks every step before it.
 */
const SHAPES = new WeakMap<readonly Field[], { today: string; schema: z.ZodObject }>();

export function fieldsSchema(fields: readonly Field[], context: Pick<StepContext, 'today'>): z.ZodObject {
  const cached = SHAPES.get(fields);
  if (cached?.today === context.today) return cached.schema;
  const nested = nestedFields(fields);
  const shape: Record<string, z.ZodType> = {};
  for (const field of allFields(fields)) {
    const schema = fieldModule(field).schema(field, context as StepContext);
    shape[field.name] = isConditional(field, nested.has(field)) ? schema.optional() : schema;
  }
  const schema = z.object(shape);
  SHAPES.set(fields, { today: context.today, schema });
  return schema;
}

/**
 * Checks a step: the fields asked on this path (which depends on earlier answers, so it is decided
 * before zod sees them), each by its schema, then the step's check across its fields, which runs
 * as a refinement would, only once every field is valid. The check reads this applicant's
 * earlier answers, so it is applied here rather than baked into the shared schema.
 */
export function validateFields(
  fields: readonly Field[],
  raw: RawStep | undefined,
  context: StepContext,
  check?: (values: StepValues, context: StepContext) => FieldError[],
): StepResult {
  const result = fieldsSchema(fields, context).safeParse(keepVisible(fields, raw, context));
  if (!result.success) return { ok: false, errors: errorsFromZod(result.error) };
  const values = dropUndefined(result.data);
  const errors = check?.(values, context) ?? [];
  return errors.length ? { ok: false, errors } : { ok: true, values };
}

function dropUndefined(values: StepValues): StepValues {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** What a posted form holds for these fields, as typed (files come from the document store instead). */
export function readFields(fields: readonly Field[], body: Body): RawStep {
  const raw: RawStep = {};
  for (const field of allFields(fields)) {
    const value = fieldModule(field).read(field, body);
    if (value !== undefined) raw[field.name] = value;
  }
  return raw;
}
