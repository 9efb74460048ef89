import { decisionRules, PERIOD_LENGTH } from '../../catalogue/decisions.js';
import type { PeriodId, ServiceDefinition } from '../../catalogue/types.js';
import type { Queryable } from '../../db/knex.js';
import { addDays, addMonths, addWorkingDays, daysBetween, workingDaysUntil } from '../../time/calendar.js';
import type { Answers } from '../../forms/model.js';

export interface Validity {
  from: string;
  /** What the officer sees first, and the latest they may give. */
  until: string;
  latest: string;
}

function after(from: string, length: { days?: number; months?: number }): string {
  // A permit of one year from 25 November runs to 24 November: the last day it is valid.
  return addDays(length.months ? addMonths(from, length.months) : addDays(from, length.days ?? 0), -1);
}

function answerDate(answers: Answers, ref: readonly [string, string] | undefined): string | undefined {
  const value = ref ? answers[ref[0]]?.[ref[1]] : undefined;
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/**
 * How long an approval lasts, by the service's rules: from today, or from the day after the
 * stay it extends; for the period the applicant chose and paid for, else the service's own.
 */
export function validityFor(service: ServiceDefinition, application: { period: string | null; answers: Answers }, today: string): Validity | undefined {
  const rules = decisionRules(service);
  if (rules.grants === 'decision') return undefined;
  const afterAnswer = answerDate(application.answers, rules.validAfterAnswer);
  const from = afterAnswer && afterAnswer >= today ? addDays(afterAnswer, 1) : today;
  const paid = application.period ? PERIOD_LENGTH[application.period as PeriodId] : undefined;
  const months = rules.validityMonths ?? { default: 12, max: 12 };
  const latest = after(from, paid ?? { months: months.max });
  const planned = answerDate(application.answers, rules.validUntilAnswer);
  const until = paid ? latest : planned && planned >= from && planned <= latest ? planned : after(from, { months: months.default });
  return { from, until: until > latest ? latest : until, latest };
}

/** A permit's number: its kind's letters, the year, and a number no other permit has (a database sequence). */
export async function nextPermitNumber(db: Queryable, prefix: string, today: string): Promise<string> {
  const { rows } = await db.raw<{ rows: { value: string }[] }>(`select nextval('permit_number_seq')::text as value`);
  return `${prefix}${today.slice(2, 4)}${rows[0]!.value.padStart(7, '0')}`;
}

/**
 * The days the legal clock stood still, from the request to the answer, in the unit the service's
 * deadline is counted in; and the due date moved on by them.
 */
export function resumeClock(service: ServiceDefinition, application: { speed: string | null; legal_due_date: string; paused_since: string | null }, today: string): { paused: number; due: string } {
  if (!application.paused_since) return { paused: 0, due: application.legal_due_date };
  const deadline = service.deadline?.[(application.speed ?? 'standard') as 'standard'] ?? service.deadline?.standard;
  if (deadline?.unit === 'workingDays') {
    const paused = Math.max(0, workingDaysUntil(application.paused_since, today));
    return { paused, due: addWorkingDays(application.legal_due_date, paused) };
  }
  const paused = Math.max(0, daysBetween(application.paused_since, today));
  return { paused, due: addDays(application.legal_due_date, paused) };
}
