import type { Response } from 'express';
import { isFinal, type Status } from '../applications/status.js';
import { workingDaysUntil } from '../time/calendar.js';

/**
 * The working days left until the legal decision date, said in words and not by colour alone; or
 * nothing, for a case decided or withdrawn: its clock has stopped, and "20 working days left" on
 * it would say that something is still to be done.
 */
export function timeLeft(t: Response['locals']['t'], status: Status, legalDueDate: string, today: string): { text: string; overdue: boolean } | undefined {
  if (isFinal(status)) return undefined;
  const left = workingDaysUntil(today, legalDueDate);
  if (left < 0) return { text: t('backoffice:queue.overdueBy', { count: -left }), overdue: true };
  return { text: left === 0 ? t('backoffice:queue.dueToday') : t('backoffice:queue.daysLeft', { count: left }), overdue: false };
}
