import { z } from 'zod';
import { readDateParts } from './dates.js';
import type { Answers, DateParts, Field, FieldError, RawStep, RawValue, Step, StepContext, TextField } from './journey.js';
import { optionValues } from './options.js';

export type StepResult = { ok: true; values: Answers } | { ok: false; errors: FieldError[] };

const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };
const DEFAULT_MAX_LENGTH = { text: 100, email: 254, tel: 20, textarea: 2000 } as const;

// Codes, never words: the locale files say them in the page's language.
const emailSchema = z.email({ error: 'email' });
const phoneSchema = z.string().regex(/^\+[1-9]\d{7,14}$/, { error: 'phone' });

function asText(raw: RawValue | undefined): string {
  return typeof raw === 'string' ? raw : '';
}

function asDate(raw: RawValue | undefined): DateParts {
  return raw && typeof raw === 'object' ? raw : EMPTY_DATE;
}

function firstCode(result: { success: boolean; error?: z.ZodError }): string {
  return result.error?.issues[0]?.message ?? 'invalid';
}

function validateText(field: TextField, raw: string): { value: string } | { code: string } {
  let value = raw.trim();
  if (field.type !== 'textarea') value = value.replace(/\s+/g, ' ');
  if (field.strip) value = value.replace(field.strip, '');
  if (field.uppercase) value = value.toUpperCase();
  if (!value) return field.optional ? { value: '' } : { code: 'required' };
  if (value.length > (field.maxLength ?? DEFAULT_MAX_LENGTH[field.type])) return { code: 'tooLong' };
  if (field.type === 'email') {
    const result = emailSchema.safeParse(value);
    if (!result.success) return { code: firstCode(result) };
  }
  if (field.type === 'tel') {
    value = value.replace(/[\s().-]/g, '').replace(/^00/, '+');
    const result = phoneSchema.safeParse(value);
    if (!result.success) return { code: firstCode(result) };
  }
  if (field.pattern && !field.pattern.test(value)) return { code: 'format' };
  return { value };
}

function validateField(field: Field, raw: RawValue | undefined, context: StepContext): { value: string } | FieldError {
  const fail = (code: string, part?: keyof DateParts): FieldError => ({ field: field.name, code, part });
  switch (field.type) {
    case 'date': {
      const parts = asDate(raw);
      const read = readDateParts(parts);
      if (!read.ok) return read.code === 'required' && field.optional ? { value: '' } : fail(read.code, read.part);
      if (field.when === 'past' && read.iso >= context.today) return fail('future', 'day');
      if (field.when === 'notFuture' && read.iso > context.today) return fail('future', 'day');
      if (field.when === 'future' && read.iso <= context.today) return fail('past', 'day');
      return { value: read.iso };
    }
    case 'radios':
    case 'select': {
      const value = asText(raw).trim();
      if (!value) return field.optional ? { value: '' } : fail('required');
      return optionValues(field).includes(value) ? { value } : fail('required');
    }
    case 'consent':
      return asText(raw) === 'yes' ? { value: 'yes' } : fail('required');
    default: {
      const result = validateText(field, asText(raw));
      return 'code' in result ? fail(result.code) : result;
    }
  }
}

/** Each field on its own, then the step's checks across fields. */
export function validateStep(step: Step, raw: RawStep | undefined, context: StepContext): StepResult {
  const values: Answers = {};
  const errors: FieldError[] = [];
  for (const field of step.fields) {
    const result = validateField(field, raw?.[field.name], context);
    if ('code' in result) errors.push(result);
    else values[field.name] = result.value;
  }
  if (errors.length) return { ok: false, errors };
  const crossErrors = step.check?.(values, context) ?? [];
  return crossErrors.length ? { ok: false, errors: crossErrors } : { ok: true, values };
}

/** Picks this step's inputs out of a posted form: `name`, or `name-day`/`name-month`/`name-year`. */
export function rawStepFromBody(step: Step, body: Record<string, unknown>): RawStep {
  const text = (key: string) => {
    const value = body[key];
    return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  };
  const raw: RawStep = {};
  for (const field of step.fields) {
    raw[field.name] =
      field.type === 'date'
        ? { day: text(`${field.name}-day`), month: text(`${field.name}-month`), year: text(`${field.name}-year`) }
        : text(field.name);
  }
  return raw;
}
