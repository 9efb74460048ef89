import type { Journey } from './journey.js';
import type { Deadline } from './steps/fee.js';

/**
 * What the engine needs of a service to run its form. The catalogue's ServiceDefinition is one; the
 * engine is handed the catalogue (FormDeps.findService) rather than importing it, so it runs
 * whichever services it is given, a test's as well as the published ones.
 */
export interface JourneyService {
  id: string;
  /** Null for a service nobody decides; one applied for online has a deadline. */
  deadline: Deadline | null;
  journey?: Journey;
  /** The version of the journey's definition an application keeps (1 when unset). */
  version?: number;
}

/** A service by its slug, or undefined when there is none. */
export type FindService = (slug: string) => JourneyService | undefined;
