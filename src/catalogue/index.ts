import type { ServiceDefinition, ServiceGroup } from './types.js';
import { catalogueOf, loadServiceModules } from './load-services.js';
import { applicationTracking } from './services/application-tracking.js';

/**
 * The e-services, in the order the Service publishes them: every definition in services/, found
 * rather than listed, so that a new service is its file (with its words and its tests' fixture).
 * No module of services/ may import this one: it would wait on the loading that waits on it.
 */
export const SERVICES: readonly ServiceDefinition[] = catalogueOf(await loadServiceModules(new URL('./services/', import.meta.url)));

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
