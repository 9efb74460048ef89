import { describe, expect, it } from 'vitest';
import { REFUSAL_CONDITIONS } from '../../src/catalogue/decisions.js';
import { SERVICES } from '../../src/catalogue/index.js';
import { SOURCES, type LegalBasis } from '../../src/catalogue/legal.js';
import { readPermitNumber } from '../../src/lookups/verify/query.js';

const APPLICATION_SERVICES = SERVICES.filter((service) => service.kind === 'application');

/** An article is written only with the public text it was read in; without one, the basis is the law alone, to confirm. */
function wellSourced(basis: LegalBasis): boolean {
  return basis.article ? !!basis.source && basis.source in SOURCES && /^\d+(\.\d+(-\d+)?)*(, \d+(\.\d+)*)*$/.test(basis.article) : basis.source === undefined;
}

describe('how each application service of the catalogue is decided', () => {
  it.each(APPLICATION_SERVICES.map((service) => service.id))('%s: rules of its own, a number its approvals carry, reasons with a sourced or to-confirm basis, an appeal rule', (id) => {
    const rules = APPLICATION_SERVICES.find((service) => service.id === id)!.decision;
    expect(rules, 'decision rules of its own').toBeDefined();
    // The number reads back as the permit check reads one.
    expect(readPermitNumber(`${rules!.numberPrefix}260000001`)).toBe(`${rules!.numberPrefix}260000001`);
    const reasons = Object.entries(rules!.refusals);
    expect(reasons.length).toBeGreaterThan(0);
    for (const [reason, basis] of reasons) expect(wellSourced(basis!), reason).toBe(true);
    expect(rules!.appeal.days).toBeGreaterThan(0);
    expect(wellSourced(rules!.appeal.basis)).toBe(true);
  });

  it('one kind of number per kind of document: only a work permit and its extension share theirs', () => {
    const byPrefix = new Map<string, string[]>();
    for (const service of APPLICATION_SERVICES) byPrefix.set(service.decision!.numberPrefix, [...(byPrefix.get(service.decision!.numberPrefix) ?? []), service.id]);
    expect([...byPrefix.values()].filter((ids) => ids.length > 1)).toEqual([['work-permit', 'work-permit-extension']]);
  });

  it('a reason that needs a request for information is the only conditional one', () => {
    expect(REFUSAL_CONDITIONS).toEqual({ documentsIncomplete: 'informationRequested' });
  });
});
