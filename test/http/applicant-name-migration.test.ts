import { afterAll, beforeAll, expect, it } from 'vitest';
import { up as mendApplicantNames } from '../../migrations/20261203100000_applicant_names.js';
import { validApplication } from '../fixtures/services.js';
import { fileApplication } from '../support/applications.js';
import { answerSteps, send } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { applicationWhere } from '../support/rows.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

it('gives applications stored without a name the name their answers hold, and leaves the others as they are', { timeout: 120_000 }, async () => {
  const service = 'work-permit-extension';
  const { steps, person } = validApplication(service);
  const applicant = t.agent();
  await answerSteps(applicant, service, steps, '?lang=en');
  const reference = await send(applicant, service);
  // As submission wrote it before journeys named the person: the name read from the step holding
  // the date of birth, which for this service is the permit step, with no name on it.
  await t.db('applications').where({ reference }).update({ applicant_name: '', search_name: '' });
  const named = await fileApplication(t.db, { surname: 'Həsənov', givenNames: 'Orxan' });
  const answersWithoutName = await fileApplication(t.db, { service: 'work-permit' });
  await t.db('applications').where({ id: answersWithoutName.id }).update({ applicant_name: '', search_name: '' });

  await mendApplicantNames(t.db);

  const mended = await applicationWhere(t.db, { reference });
  expect([mended.applicant_name, mended.search_name]).toEqual([person.name, 'yilmaz mehmet']);
  expect((await applicationWhere(t.db, { id: named.id })).applicant_name).toBe('Həsənov Orxan');
  // Its answers have no worker-identity step: nothing to read, nothing made up.
  expect((await applicationWhere(t.db, { id: answersWithoutName.id })).applicant_name).toBe('');
});
