import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request } from 'express';

/**
 * A read made in the very statement that reads the session, from what the session holds: a page that
 * needs both (a form's page needs its draft) then waits for one round trip, not two in a row.
 * The store runs `sql` as a lateral subquery over the session row `s` (its `sess`); its parameters
 * are `values`, from `$2` on. Its columns come back as one row, all null when it found nothing.
 */
export interface AlongsideRead {
  /** Names the prepared statement: one name for each text of `sql`. */
  name: string;
  sql: string;
  values: unknown[];
}

/** What the read found: its columns, or undefined when it was not made (no session was read). */
export type AlongsideRow = Record<string, unknown>;

interface Pending {
  read: AlongsideRead | undefined;
  found: AlongsideRow | undefined;
}

const pendingReads = new AsyncLocalStorage<Pending>();
const foundFor = new WeakMap<Request, AlongsideRow>();

/** The read the session's store is asked to make with the session, once: a later reload of the session reads it alone. */
export function takeAlongsideRead(): AlongsideRead | undefined {
  const pending = pendingReads.getStore();
  const read = pending?.read;
  if (pending) pending.read = undefined;
  return read;
}

export function keepAlongsideRow(row: AlongsideRow): void {
  const pending = pendingReads.getStore();
  if (pending) pending.found = row;
}

/**
 * Runs the session's middleware (`readSession`) with `read` made alongside the session, hands what it
 * found to the request, and goes on (`next`) outside it: later reads of the session are plain.
 */
export function withAlongsideRead(req: Request, read: AlongsideRead, readSession: (then: NextFunction) => void, next: NextFunction): void {
  const pending: Pending = { read, found: undefined };
  pendingReads.run(pending, () =>
    readSession((error?: unknown) => {
      pending.read = undefined;
      if (pending.found) foundFor.set(req, pending.found);
      pendingReads.exit(() => next(error));
    }),
  );
}

/** What was read alongside this request's session, once: a second asker reads for itself. */
export function alongsideRow(req: Request): AlongsideRow | undefined {
  const row = foundFor.get(req);
  foundFor.delete(req);
  return row;
}
