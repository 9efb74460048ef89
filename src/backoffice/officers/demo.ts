import type { Database } from '../../db/knex.js';
import { SERVICES } from '../../catalogue/index.js';
import { oneTimePassword } from './passwords.js';
import { createOfficer } from './repository.js';
import { ROLES, type Role } from './roles.js';

export interface DemoOfficer {
  email: string;
  role: Role;
  password: string;
}

/**
 * In development only, on a database with no officers: one account per role, working on every
 * service that takes applications online, so the back-office can be tried at once. Their
 * passwords are returned once, to be printed; only their hashes are kept.
 */
export async function createDemoOfficers(db: Database): Promise<DemoOfficer[]> {
  const made: DemoOfficer[] = [];
  await db.transaction(async (trx) => {
    // One instance makes them, however many start at once.
    await trx.raw('lock table officers in exclusive mode');
    const [{ count }] = (await trx('officers').count({ count: '*' })) as [{ count: string }];
    if (Number(count) > 0) return;
    const online = SERVICES.filter((service) => service.journey).map((service) => service.id);
    for (const role of ROLES) {
      const email = `${role}@demo.migration.test`;
      const password = oneTimePassword();
      await createOfficer(trx, { email, name: `Demo ${role}`, role, services: role === 'admin' ? [] : online, password, mustChange: false });
      made.push({ email, role, password });
    }
  });
  return made;
}
