/**
 * Run as a process of its own (job-queue-outage.test.ts): a job ends after the database has
 * stopped, so pg-boss's complete(), which nobody waits for, fails. Then, the database removed, a
 * rejection of our own that nobody handles, which must still stop the process.
 */
import PgBoss from 'pg-boss';
import { JobQueueDatabase } from '../../src/jobs/queue-database.js';
import { installLastResortHandlers } from '../../src/process/last-resort.js';
import { ownPostgres } from './own-postgres.js';

installLastResortHandlers();
const say = (msg: string) => console.log(JSON.stringify({ msg }));
const database = await ownPostgres();
try {
  const boss = new PgBoss({ db: new JobQueueDatabase({ connectionString: database.databaseUrl, max: 2 }) as PgBoss.Db, schema: 'pgboss' });
  // Its own pollers' failures while the database is away arrive here, as in src/jobs/index.ts.
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue('slow');
  let jobStarted = () => {};
  const running = new Promise<void>((resolve) => (jobStarted = resolve));
  let endJob = () => {};
  const ended = new Promise<void>((resolve) => (endJob = resolve));
  await boss.work('slow', { pollingIntervalSeconds: 0.5 }, async () => {
    jobStarted();
    await ended;
  });
  await boss.send('slow', {});
  await running;
  await database.stop();
  say('database stopped with the job running');
  endJob();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  say('still running');
} finally {
  await database.remove();
}
void Promise.reject(new Error('a fault of our own'));
await new Promise((resolve) => setTimeout(resolve, 5_000));
say('a fault of our own did not stop it');
