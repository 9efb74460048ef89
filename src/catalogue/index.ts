import type { ServiceDefinition, ServiceGroup } from './types.js';
import { registrationAtPlaceOfStay } from './services/registration-at-place-of-stay.js';
import { stayExtension } from './services/stay-extension.js';
import { temporaryResidencePermit } from './services/temporary-residence-permit.js';
import { permanentResidencePermit } from './services/permanent-residence-permit.js';
import { workPermit } from './services/work-permit.js';
import { workPermitExtension } from './services/work-permit-extension.js';
import { citizenshipDetermination } from './services/citizenship-determination.js';
import { citizenshipAdmission } from './services/citizenship-admission.js';
import { citizenshipRestoration } from './services/citizenship-restoration.js';
import { citizenshipRenunciation } from './services/citizenship-renunciation.js';
import { foreignCitizenshipNotice } from './services/foreign-citizenship-notice.js';
import { serviceRecruitment } from './services/service-recruitment.js';
import { registrationStatus } from './services/registration-status.js';
import { applicationTracking } from './services/application-tracking.js';
import { travelBanCheck } from './services/travel-ban-check.js';
import { stateFeePayment } from './services/state-fee-payment.js';
import { registrationDeadlineCalculator } from './services/registration-deadline-calculator.js';
import { onlineQueue } from './services/online-queue.js';

/** The 18 e-services, in the order the Service publishes them. */
export const SERVICES: readonly ServiceDefinition[] = [
  registrationAtPlaceOfStay,
  stayExtension,
  temporaryResidencePermit,
  permanentResidencePermit,
  workPermit,
  workPermitExtension,
  citizenshipDetermination,
  citizenshipAdmission,
  citizenshipRestoration,
  citizenshipRenunciation,
  foreignCitizenshipNotice,
  serviceRecruitment,
  registrationStatus,
  applicationTracking,
  travelBanCheck,
  stateFeePayment,
  registrationDeadlineCalculator,
  onlineQueue,
].sort((a, b) => a.number - b.number);

export const GROUP_ORDER: readonly ServiceGroup[] = ['stayAndResidence', 'work', 'citizenship', 'careers', 'checks'];

const byId = new Map(SERVICES.map((service) => [service.id, service]));

export function findService(id: string): ServiceDefinition | undefined {
  return byId.get(id);
}

export function servicesByGroup(): { group: ServiceGroup; services: ServiceDefinition[] }[] {
  return GROUP_ORDER.map((group) => ({ group, services: SERVICES.filter((service) => service.group === group) }));
}

/** Whether a service can be used on this portal: an application with its form, or an instant service with its page. */
export function isOnline(service: ServiceDefinition): boolean {
  return !!service.journey || !!service.usePath;
}

/**
 * What people coming back do most, at the top of the home page: following their application first,
 * then the other checks and instant services that answer here.
 */
export function returningTasks(): ServiceDefinition[] {
  const checks = SERVICES.filter((service) => service.group === 'checks' && isOnline(service));
  return [...checks.filter((service) => service === applicationTracking), ...checks.filter((service) => service !== applicationTracking)];
}
