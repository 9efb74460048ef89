import { readdirSync } from 'node:fs';
import type { ServiceDefinition } from './types.js';
import { fieldsOf } from '../http/fields.js';

/** A module of the services folder, as loaded: its file name and what it exports. */
export interface ServiceModule {
  file: string;
  exports: Record<string, unknown>;
}

/** A compiled build holds .js beside .js.map (and .d.ts with declarations); tsx and vitest read the .ts. */
const isServiceModule = (file: string) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts');

function isServiceDefinition(value: unknown): value is ServiceDefinition {
  const candidate = fieldsOf(value);
  return (
    typeof candidate.id === 'string' &&
    Number.isInteger(candidate.number) &&
    typeof candidate.group === 'string' &&
    (candidate.kind === 'application' || candidate.kind === 'instant') &&
    Array.isArray(candidate.documents)
  );
}

function definitionOf({ file, exports }: ServiceModule): ServiceDefinition {
  const definitions = Object.values(exports).filter(isServiceDefinition);
  if (definitions.length !== 1) {
    throw new Error(`src/catalogue/services/${file} exports ${definitions.length} service definitions: each file of the folder exports exactly one ServiceDefinition`);
  }
  return definitions[0]!;
}

function refuseRepeated(services: readonly ServiceDefinition[], key: 'id' | 'number'): void {
  const seen = new Map<unknown, string>();
  for (const service of services) {
    const earlier = seen.get(service[key]);
    if (earlier) throw new Error(`Services ${earlier} and ${service.id} share the ${key} ${String(service[key])}: each service has its own`);
    seen.set(service[key], service.id);
  }
}

/** The services the modules define, in the order the Service publishes them; a module without one, or two services alike, is refused. */
export function catalogueOf(modules: readonly ServiceModule[]): readonly ServiceDefinition[] {
  const services = modules.map(definitionOf).sort((a, b) => a.number - b.number);
  refuseRepeated(services, 'id');
  refuseRepeated(services, 'number');
  return Object.freeze(services);
}

/** Every module of a folder of service definitions, loaded: adding a service is adding its file. */
export async function loadServiceModules(folder: URL): Promise<ServiceModule[]> {
  const files = readdirSync(folder).filter(isServiceModule).sort();
  return Promise.all(
    files.map(async (file) => {
      const exports: Record<string, unknown> = await import(new URL(file, folder).href);
      return { file, exports };
    }),
  );
}
