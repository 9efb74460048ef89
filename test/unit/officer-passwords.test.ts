import { describe, expect, it } from 'vitest';
import { hashPassword, UNKNOWN_OFFICER_HASH, verifyPassword } from '../../src/backoffice/officers/passwords.js';

/** An argon2 hash's algorithm, version and costs: what decides how long verifying against it takes. */
const settingsOf = (hash: string) => hash.split('$').slice(1, 4).join('$');

describe('the hash verified for an unknown email', () => {
  it('is made with the settings hashPassword uses today, so an unknown email takes as long to answer as a known one', async () => {
    expect(settingsOf(UNKNOWN_OFFICER_HASH)).toBe(settingsOf(await hashPassword('any password at all')));
  });

  it('lets no password in', async () => {
    expect(await verifyPassword(undefined, '')).toBe(false);
    expect(await verifyPassword(undefined, 'tJ5w2S3No+F/Mc3xc/LC9w')).toBe(false);
  });
});
