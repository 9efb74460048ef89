import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReference } from '../../src/applications/reference.js';
import { searchableText } from '../../src/applications/search-text.js';
import { SERVICES } from '../../src/catalogue/index.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { validApplication } from '../fixtures/services.js';
import { parse, textOf, type Agent } from '../support/html.js';
import { answerSteps, applyPath, send } from '../support/journey.js';
import { signedInOfficer } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';
import { applicationWhere } from '../support/rows.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/*
 * Every application names the person it is about, as the applicant typed them, whichever service
 * it is and whoever filled it in: stored for the lookups and the officers' search, and shown
 * wherever an officer meets the case. A loop over the catalogue: a new service is covered here
 * as soon as it can be applied for, and fails until its valid application is in the fixtures.
 */
const i18n = createI18n();
const APPLICATION_SERVICES = SERVICES.filter((service) => service.journey).map((service) => service.id);

let t: TestApp;
let officer: Agent;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
  officer = t.agent();
  await signedInOfficer(t.db, officer, { services: APPLICATION_SERVICES });
});
afterAll(async () => t.close());

/** The applicant cell of the queue's row for a reference, found by the column's heading. */
function applicantInQueue(html: string, reference: string): string | undefined {
  const $ = parse(html);
  const column = $('thead th')
    .toArray()
    .findIndex((header) => $(header).text().trim() === 'Applicant');
  const row = $('tbody tr')
    .toArray()
    .find((candidate) => $(candidate).find('td').first().text().trim() === formatReference(reference));
  return row ? $(row).find('td').eq(column).text().trim() : undefined;
}

it('covers every service that can be applied for online', () => {
  expect(APPLICATION_SERVICES.length).toBeGreaterThan(0);
  for (const service of APPLICATION_SERVICES) expect(() => validApplication(service)).not.toThrow();
});

describe.each(APPLICATION_SERVICES)('%s', (service) => {
  it('stores the person as typed, and the queue, the case, the CSV and a search by name show them', { timeout: 120_000 }, async () => {
    const { steps, person } = validApplication(service);
    const applicant = t.agent();
    await answerSteps(applicant, service, steps, '?lang=en');
    const reference = await send(applicant, service);
    // What the person will get, in a sentence of the service's own (see test/unit/confirmation-words.test.ts).
    const confirmation = parse(await applicant.get(`${applyPath(service)}/confirmation?lang=en`).expect(200));
    expect(textOf(confirmation, '[data-result]')).toBe(i18n.getFixedT('en')(`services/${service}:confirmationResult`));

    const row = await applicationWhere(t.db, { reference });
    expect({
      name: row.applicant_name,
      searchName: row.search_name,
      dateOfBirth: row.date_of_birth,
      documentNumber: row.document_number,
      citizenship: row.citizenship,
    }).toEqual({ ...person, searchName: searchableText(person.name) });

    const queue = await officer.get(`/backoffice/queue?service=${service}&lang=en`).expect(200);
    expect(applicantInQueue(queue.text, reference)).toBe(person.name);

    const heading = textOf(parse(await officer.get(`/backoffice/cases/${reference}?lang=en`).expect(200)), 'h1');
    expect(heading.startsWith(person.name)).toBe(true);
    expect(heading).toContain(formatReference(reference));

    const csv = (await officer.get(`/backoffice/queue.csv?service=${service}&lang=en`).expect(200)).text;
    const line = csv.split('\n').find((candidate) => candidate.startsWith(formatReference(reference)));
    expect(line).toContain(`,${person.name},`);

    // Searched as an officer types it from a passport: given name first, capitals, no Azerbaijani letters.
    const [surname, givenName] = person.name.split(' ');
    const typed = `${searchableText(givenName!)} ${searchableText(surname!)}`.toUpperCase();
    const found = await officer.get(`/backoffice/queue?q=${encodeURIComponent(typed)}&status=all&lang=en`).expect(200);
    expect(applicantInQueue(found.text, reference)).toBe(person.name);
  });
});
