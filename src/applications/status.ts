import type { Status } from '../db/tables.js';

/**
 * The life of an application, in one place. The statuses themselves are listed with the table that
 * keeps them (db/tables.ts); the database holds the same table of moves
 * (migrations/…_foundation.ts, …_decisions.ts) and a trigger refuses any other change; a test
 * keeps the two equal.
 */
export { STATUSES, type Status } from '../db/tables.js';

export const INITIAL_STATUS: Status = 'submitted';

export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  submitted: ['in_review', 'withdrawn'],
  in_review: ['awaiting_applicant', 'pending_confirmation', 'approved', 'refused', 'withdrawn'],
  awaiting_applicant: ['in_review', 'withdrawn'],
  // A decision that needs a second officer (four eyes) waits here: confirmed, or sent back to review.
  pending_confirmation: ['approved', 'refused', 'in_review', 'withdrawn'],
  approved: [],
  refused: [],
  withdrawn: [],
};

export function canMove(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinal(status: Status): boolean {
  return TRANSITIONS[status].length === 0;
}
