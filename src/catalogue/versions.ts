import type { Answers } from '../forms/model.js';
import { renderAnswers, type SummaryCard } from '../forms/render-answers.js';
import type { Reader } from '../forms/words.js';
import { findService } from './index.js';
import type { ServiceDefinition } from './types.js';

/**
 * Earlier versions of service definitions, kept so that an application made with one still reads
 * as it was asked: when a journey changes how answers are read (a step renamed, a field split),
 * the old definition moves here with its version and the service's `version` goes up by one.
 * None has changed since applications began to keep their version.
 */
const EARLIER_DEFINITIONS: readonly ServiceDefinition[] = [];

/** The definition an application was made with. */
export function definitionAt(serviceId: string, version: number, earlier: readonly ServiceDefinition[] = EARLIER_DEFINITIONS): ServiceDefinition | undefined {
  const current = findService(serviceId);
  if (current && (current.version ?? 1) === version) return current;
  return earlier.find((definition) => definition.id === serviceId && definition.version === version);
}

/** An application's answers, read with the version of the definition it was made with. */
export function renderApplicationAnswers(
  application: { service_id: string; service_version: number; answers: Answers },
  reader: Reader,
  earlier?: readonly ServiceDefinition[],
): SummaryCard[] {
  const definition = definitionAt(application.service_id, application.service_version, earlier);
  if (!definition) throw new Error(`No definition of ${application.service_id} version ${application.service_version}`);
  return renderAnswers(definition, application.answers, reader);
}
