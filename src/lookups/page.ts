import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Database } from '../db/knex.js';
import { readerOf } from '../forms/context.js';
import { todayInBaku } from '../time/calendar.js';
import { errorList, fieldViews } from '../forms/field-views.js';
import type { Field } from '../forms/fields/index.js';
import type { FieldError, RawStep, StepValues } from '../forms/model.js';
import { readFields, validateFields } from '../forms/steps/question.js';
import type { Reader, WordScope } from '../forms/words.js';
import type { Limits } from '../security/limits.js';
import { fieldsOf } from '../http/fields.js';

/** What the instant services' pages work with: the same database, clock, token check and limits as the forms. */
export interface LookupDeps {
  db: Database;
  clock: () => Date;
  /** The check every POST passes: from this site, with its session's token. */
  csrf: RequestHandler;
  limits: Limits;
}

/** A page of questions outside any journey: an instant service's question, with its words under `<namespace>:<page>`. */
export interface LookupQuestion {
  /** The catalogue id of the service it belongs to (its name is the caption). */
  service: string;
  /** The locale file of its words: `checks` or `queue`. */
  namespace: string;
  /** Its words: `<namespace>:steps.<page>.title`, `.intro`, `.button`, and its fields' under `.fields`, as a journey's step has them. */
  page: string;
  fields: readonly Field[];
  /** Checks across the fields, once each is valid on its own. */
  check?: (values: StepValues) => FieldError[];
}

export function scopeOf(question: LookupQuestion): WordScope {
  return { service: question.service, step: question.page, namespace: question.namespace };
}

/** What a question page's form sent, as typed, and the verdict of its fields. */
export function readQuestion(question: LookupQuestion, req: Request, now: Date): { raw: RawStep; values?: StepValues; errors: FieldError[] } {
  const raw = readFields(question.fields, fieldsOf(req.body));
  const result = validateFields(question.fields, raw, { today: todayInBaku(now), answers: {} }, question.check ? (values) => question.check!(values) : undefined);
  return result.ok ? { raw, values: result.values, errors: [] } : { raw, errors: result.errors };
}

/**
 * The question page, with what was typed and the errors (an error summary linking to each). What
 * it shows is personal, and never cached.
 */
export function renderQuestion(
  res: Response,
  question: LookupQuestion,
  options: { action: string; backHref: string; raw?: RawStep; errors?: readonly FieldError[]; status?: number; model?: Record<string, unknown>; template?: string },
): void {
  const reader = readerOf(res);
  const errors = options.errors ?? [];
  const input = { scope: scopeOf(question), reader, raw: options.raw, errors, answers: {} };
  const { t } = reader;
  const words = `${question.namespace}:steps.${question.page}`;
  res
    .status(options.status ?? (errors.length ? 400 : 200))
    .set('Cache-Control', 'no-store')
    .render(options.template ?? 'lookups/question.njk', {
      serviceName: t(`services:services.${question.service}.name`),
      title: t(`${words}.title`),
      intro: t(`${words}.intro`, { defaultValue: '' }),
      button: t(`${words}.button`),
      fields: fieldViews(question.fields, input),
      errorList: errorList(question.fields, input),
      action: options.action,
      backHref: options.backHref,
      ...options.model,
    });
}

/** A document number as a rate-limit key holds it: hashed, so the table of counters names nobody. */
export function hashedKey(kind: string, value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('hex');
}

/** "5 days left", "today is the last day", "3 days ago" for a last day, in the reader's language. */
export function daysWords(reader: Reader, key: string, days: number): string {
  if (days > 0) return reader.t(`${key}.left`, { count: days });
  if (days === 0) return reader.t(`${key}.today`);
  return reader.t(`${key}.ago`, { count: -days });
}
