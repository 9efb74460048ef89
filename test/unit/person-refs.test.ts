import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import type { Journey } from '../../src/forms/journey.js';

const JOURNEYS = SERVICES.flatMap((service) => (service.journey ? [{ id: service.id, journey: service.journey }] : []));

/** The field a reference names, if it is asked of everyone: a step without a condition, a field neither optional, conditional nor revealed. */
function askedOfEveryone(journey: Journey, [stepId, name]: readonly [string, string]): boolean {
  const step = journey.steps.find((candidate) => candidate.id === stepId);
  if (!step || step.kind !== 'question' || journey.conditions[stepId]) return false;
  const field = step.fields.find((candidate) => candidate.name === name);
  return !!field && !field.optional && !field.when;
}

describe.each(JOURNEYS)('$id names its person', ({ journey }) => {
  it('by surname, given names, date of birth and document number, asked of everyone', () => {
    const { name, dateOfBirth, documentNumber } = journey.person;
    for (const ref of [name.surname, name.givenNames, dateOfBirth, documentNumber]) expect(askedOfEveryone(journey, ref), ref.join('.')).toBe(true);
  });

  it('with a patronymic, where asked, beside the rest of the name', () => {
    const { patronymic, surname } = journey.person.name;
    if (!patronymic) return;
    const step = journey.steps.find((candidate) => candidate.id === patronymic[0]);
    expect(patronymic[0]).toBe(surname[0]);
    expect(step?.kind === 'question' && step.fields.some((field) => field.name === patronymic[1])).toBe(true);
  });
});
