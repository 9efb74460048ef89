import type { Journey } from '../../forms/journey.js';
import { COURT_WITHIN_30_DAYS, citizenshipLaw, toConfirm } from '../legal.js';
import type { DocumentRequirement, ServiceDefinition } from '../types.js';

/** What makes one citizenship application differ from another; the rest is the same for all four. */
interface CitizenshipApplication {
  id: string;
  number: number;
  /** Calendar days the Service has to decide. */
  days: number;
  documents: Readonly<Record<string, DocumentRequirement>>;
  journey: Journey;
  version: number;
  numberPrefix: string;
  /** The article of the Law on citizenship whose conditions a refusal says were not met. */
  conditionsArticle: string;
  /** Whether a threat to the security of the state is a reason to refuse (to grant citizenship, not to confirm or give it up). */
  securityThreat?: boolean;
}

/**
 * A citizenship application: free, decided by a decision that a second officer confirms, refused under
 * the Law on citizenship, appealed in court within 30 days.
 */
export function citizenshipApplication(service: CitizenshipApplication): ServiceDefinition {
  const { id, number, days, documents, journey, version, numberPrefix, conditionsArticle, securityThreat } = service;
  return {
    id,
    number,
    group: 'citizenship',
    kind: 'application',
    deadline: { standard: { amount: days, unit: 'days' } },
    fee: { kind: 'free' },
    documents: Object.values(documents),
    journey,
    version,
    decision: {
      grants: 'decision',
      numberPrefix,
      refusals: {
        falseInformation: toConfirm('citizenshipLaw'),
        documentsIncomplete: toConfirm('citizenshipLaw'),
        conditionsNotMet: citizenshipLaw(conditionsArticle),
        ...(securityThreat ? { securityThreat: toConfirm('citizenshipLaw') } : {}),
      },
      appeal: COURT_WITHIN_30_DAYS,
      fourEyes: true,
    },
  };
}
