import type { Knex } from 'knex';
import * as foundation from './20261124000000_foundation.js';

/**
 * Every migration, in order. Listed here rather than read from the folder so the same code
 * runs under tsx, vitest and the compiled build (knex cannot load .ts files by itself).
 */
export const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261124000000_foundation': foundation,
};
