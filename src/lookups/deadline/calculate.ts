import { registrationDays, registrationDeadline, REGISTRATION_DAYS, visaFreeStayEnds, type VisaType } from '../../catalogue/services/registration-at-place-of-stay.js';
import { daysBetween } from '../../time/calendar.js';

export interface DeadlineInput {
  entryDate: string;
  citizenship: string;
  visaType: VisaType;
  /** The last day the visa or e-visa allows; asked only for those. */
  visaEndDate?: string;
}

export interface Deadlines {
  /** Days this citizenship has to register, and whether that is other than everyone's. */
  registrationDays: number;
  longerByAgreement: boolean;
  registerBy: string;
  stayUntil: string;
  /** From today (in Baku): positive ahead, 0 today, negative passed. */
  daysToRegister: number;
  daysOfStay: number;
  /** The stay ends on or before the last day to register: leaving by then needs no registration. */
  stayEndsFirst: boolean;
}

/**
 * The registration's own rules (its definition's constants): register within 15 days of entry,
 * 30 for citizens of Kazakhstan; a visa-free stay lasts 90 days, a visa's stay until its end.
 */
export function calculateDeadlines(input: DeadlineInput, today: string): Deadlines {
  const registerBy = registrationDeadline(input.entryDate, input.citizenship);
  const stayUntil = input.visaType === 'visaFree' ? visaFreeStayEnds(input.entryDate) : input.visaEndDate!;
  const days = registrationDays(input.citizenship);
  return {
    registrationDays: days,
    longerByAgreement: days !== REGISTRATION_DAYS,
    registerBy,
    stayUntil,
    daysToRegister: daysBetween(today, registerBy),
    daysOfStay: daysBetween(today, stayUntil),
    stayEndsFirst: stayUntil <= registerBy,
  };
}
