import { isJobQueueStatementFailure } from '../jobs/queue-database.js';
import { createLogger } from '../logger.js';
import { describeError } from '../middleware/errors.js';

/** Anything that would stop the process is one JSON line, as the rest of the log, not a stack printed raw. */
export function fatal(what: string): (error: unknown) => void {
  return (error) => {
    createLogger('fatal').fatal({ failure: describeError(error) }, what);
    process.exit(1);
  };
}

/**
 * What nothing else caught stops the process, which its supervisor starts again clean, except a
 * job queue's statement that nobody waited for: the database's outage it comes from is already in
 * the log, and stopping would turn away every visitor for it.
 */
export function installLastResortHandlers(): void {
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', (reason) => {
    if (!isJobQueueStatementFailure(reason)) return fatal('unhandled rejection')(reason);
    createLogger('warn').warn({ failure: describeError(reason) }, 'a job queue statement failed with nobody waiting for it: its job runs again once its time is up');
  });
}
