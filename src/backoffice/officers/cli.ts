import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError } from '../../config.js';
import { withMigratedDatabase } from '../../db/cli-database.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { hashPassword, oneTimePassword } from './passwords.js';
import { createOfficer, findOfficerByEmail } from './repository.js';
import { ROLES } from './roles.js';
import { DECIDED_SERVICES, wouldSeeNoApplication } from './services.js';
import { forgetAccountFailures } from '../auth/throttle.js';

const USAGE = `Usage:
  npm run officer -- create --email <email> --name "<name>" --role <${ROLES.join('|')}> [--services <id,id,...|all>] [--language <${LANGUAGES.join('|')}>]
  npm run officer -- reset-password --email <email>

Both print a one-time password, to be changed at the first sign-in.
An officer or a supervisor sees the applications of their services only, so needs --services (all: every one).
Services are the ids of the catalogue: ${DECIDED_SERVICES.join(', ')}`;

const createArgs = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email()),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    services: z
      .string()
      .default('')
      .transform((value) => (value.trim() === 'all' ? [...DECIDED_SERVICES] : value.split(',').map((id) => id.trim()).filter(Boolean)))
      .refine((ids) => ids.every((id) => DECIDED_SERVICES.includes(id)), { message: 'names a service the catalogue does not have, or one that officers do not decide' }),
    language: z.enum(LANGUAGES).default('az'),
  })
  // Refused rather than made: such an account would open on an empty queue, with nothing to say why.
  .refine((officer) => !wouldSeeNoApplication(officer), {
    path: ['services'],
    message: 'is needed for an officer or a supervisor, who sees the applications of these services only: with none, the account would see no application at all. Give the services they work on, or --services all',
  });

class UsageError extends Error {}

function read<T>(schema: z.ZodType<T>, values: unknown): T {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new UsageError(`--${String(issue.path[0] ?? '')} ${issue.message}\n\n${USAGE}`);
}

/** `npm run officer`: accounts made from the command line, on DATABASE_URL or the embedded database. */
async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, services: { type: 'string' }, language: { type: 'string' } },
  });
  const command = positionals[0];
  if (command !== 'create' && command !== 'reset-password') throw new UsageError(USAGE);
  await withMigratedDatabase(async (db) => {
    const password = oneTimePassword();
    if (command === 'create') {
      const officer = read(createArgs, values);
      if (await findOfficerByEmail(db, officer.email)) throw new UsageError(`An officer with the email ${officer.email} already exists.`);
      await createOfficer(db, { ...officer, password, mustChange: true });
      console.log(`Created ${officer.role} ${officer.email}.`);
    } else {
      const { email } = read(z.object({ email: createArgs.shape.email }), values);
      const updated = await db('officers')
        .where({ email })
        .update({ password_hash: await hashPassword(password), password_must_change: true, updated_at: db.fn.now() });
      if (!updated) throw new UsageError(`No officer has the email ${email}.`);
      await forgetAccountFailures({ db }, email);
      console.log(`Password reset for ${email}.`);
    }
    console.log(`One-time password (to change at the first sign-in): ${password}`);
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof UsageError || error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
