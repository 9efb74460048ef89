import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { catalogueOf, type ServiceModule } from '../../src/catalogue/load-services.js';
import { onlineQueue } from '../../src/catalogue/services/online-queue.js';
import { travelBanCheck } from '../../src/catalogue/services/travel-ban-check.js';

const moduleOf = (file: string, exports: Record<string, unknown>): ServiceModule => ({ file, exports });

describe('the catalogue, found in its folder', () => {
  it('holds every service once, ordered by the number the Service publishes it under', () => {
    expect(SERVICES.map((service) => service.number)).toEqual(SERVICES.map((_, index) => index + 1));
    expect(new Set(SERVICES.map((service) => service.id)).size).toBe(SERVICES.length);
  });

  it('is the same definitions the areas import from the service modules', () => {
    expect(SERVICES).toContain(onlineQueue);
    expect(SERVICES).toContain(travelBanCheck);
  });

  it('orders by number whatever the order of the files, and ignores what else a module exports', () => {
    const services = catalogueOf([moduleOf('online-queue.ts', { onlineQueue, QUEUE_DAYS: 14 }), moduleOf('travel-ban-check.ts', { travelBanCheck })]);
    expect(services).toEqual([travelBanCheck, onlineQueue]);
  });

  it('refuses a module that exports no service, or two', () => {
    expect(() => catalogueOf([moduleOf('notes.ts', { text: 'x' })])).toThrow('src/catalogue/services/notes.ts exports 0 service definitions: each file of the folder exports exactly one ServiceDefinition');
    expect(() => catalogueOf([moduleOf('two.ts', { onlineQueue, travelBanCheck })])).toThrow('two.ts exports 2 service definitions');
  });

  it('refuses two services with the same number or the same id', () => {
    const sameNumber = { ...travelBanCheck, id: 'travel-ban-check-2', number: onlineQueue.number };
    expect(() => catalogueOf([moduleOf('a.ts', { onlineQueue }), moduleOf('b.ts', { sameNumber })])).toThrow(
      'Services online-queue and travel-ban-check-2 share the number 18: each service has its own',
    );
    const sameId = { ...travelBanCheck, number: 99 };
    expect(() => catalogueOf([moduleOf('a.ts', { travelBanCheck }), moduleOf('b.ts', { sameId })])).toThrow('share the id travel-ban-check');
  });
});
