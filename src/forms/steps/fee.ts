import { addDays, addWorkingDays } from '../../time/calendar.js';
import type { Field } from '../fields/index.js';
import { radios } from '../fields/radios.js';
import type { Answers, RawStep, StepContext, StepResult } from '../model.js';
import { validateFields } from './question.js';
import type { StepCommon } from './common.js';

/** Processing speeds, in the order the Service publishes them (slowest first). */
export type SpeedId = 'standard' | 'faster' | 'fastest';

/** Periods a fee can depend on; words in locales `services:periods.<id>`. */
export type PeriodId =
  | 'days30'
  | 'days60'
  | 'months3'
  | 'months6'
  | 'year1'
  | 'years2'
  | 'years3'
  | 'single';

export type DurationUnit = 'workingDays' | 'days';

interface Duration {
  amount: number;
  unit: DurationUnit;
}

/** Legal decision deadline per processing speed. */
export type Deadline = Partial<Record<SpeedId, Duration>> & { standard: Duration };

export type Fee =
  | { kind: 'free' }
  | {
      kind: 'schedule';
      /** Columns of the table: one per speed the applicant may choose. */
      speeds: SpeedId[];
      rows: { period: PeriodId; amounts: number[] }[];
      /** Extra words under the table, key under `services.<id>.` */
      noteKey?: string;
      /** Reductions a journey may give a right to, in percent off the table (words in `forms:fee.reductions.<id>`). */
      reductions?: Readonly<Record<string, number>>;
    };

type Schedule = Extract<Fee, { kind: 'schedule' }>;

/**
 * The period asked for and the processing speed, from the service's fee table: each choice shows
 * its fee and its legal decision date, and the step keeps the chosen period, speed, fee and date.
 */
export interface FeeStep<Id extends string = string> extends StepCommon<Id> {
  readonly kind: 'fee';
  readonly fee: Schedule;
  readonly deadline: Deadline;
  /** A reduction of the fee table the answers give a right to, such as half for a minor. */
  reduction?(answers: Answers, context: StepContext): string | null;
}

// A type, not an interface, so the values are a step's values (Record<string, unknown>) as they are.
export type FeeValues = {
  period: PeriodId;
  speed: SpeedId;
  /** In manat, after any reduction. */
  amount: number;
  reduction?: string;
  /** The legal decision date if the application is sent today. */
  dueDate: string;
};

export function feeStep<const Id extends string>(
  id: Id,
  more: { fee: Fee; deadline: Deadline | null; reduction?: FeeStep['reduction'] },
): FeeStep<Id> {
  if (more.fee.kind !== 'schedule' || !more.deadline) throw new Error(`Step ${id}: a fee choice needs a fee table and a deadline`);
  return { kind: 'fee', id, fee: more.fee, deadline: more.deadline, reduction: more.reduction };
}

export function dueDate(deadline: Deadline, speed: SpeedId, from: string): string {
  const { amount, unit } = deadline[speed] ?? deadline.standard;
  return unit === 'workingDays' ? addWorkingDays(from, amount) : addDays(from, amount);
}

export function reducedAmount(fee: Schedule, amount: number, reduction: string | null | undefined): number {
  const percent = reduction ? (fee.reductions?.[reduction] ?? 0) : 0;
  return Math.round(amount * (100 - percent)) / 100;
}

const FIELDS = new WeakMap<FeeStep, readonly Field[]>();

/** The two questions of the step, made once per step: asked only when there is more than one answer to choose. */
export function feeFields(step: FeeStep): readonly Field[] {
  let fields = FIELDS.get(step);
  if (!fields) {
    const periods = step.fee.rows.map((row) => row.period);
    fields = [
      ...(periods.length > 1 ? [radios('period', periods, { optionsFrom: 'services:periods' })] : []),
      ...(step.fee.speeds.length > 1 ? [radios('speed', step.fee.speeds, { optionsFrom: 'services:speeds' })] : []),
    ];
    FIELDS.set(step, fields);
  }
  return fields;
}

export function validateFee(step: FeeStep, raw: RawStep | undefined, context: StepContext): StepResult {
  if (!raw) return { ok: false, errors: [] };
  const result = validateFields(feeFields(step), raw, context);
  if (!result.ok) return result;
  const period = (result.values.period as PeriodId | undefined) ?? step.fee.rows[0]!.period;
  const speed = (result.values.speed as SpeedId | undefined) ?? step.fee.speeds[0]!;
  const row = step.fee.rows.find((candidate) => candidate.period === period)!;
  const reduction = step.reduction?.(context.answers, context) ?? null;
  const values: FeeValues = {
    period,
    speed,
    amount: reducedAmount(step.fee, row.amounts[step.fee.speeds.indexOf(speed)]!, reduction),
    ...(reduction ? { reduction } : {}),
    dueDate: dueDate(step.deadline, speed, context.today),
  };
  return { ok: true, values };
}
