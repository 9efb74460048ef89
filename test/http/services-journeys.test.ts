import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { citizenshipAdmissionSteps, citizenshipDeterminationSteps, citizenshipRenunciationSteps, citizenshipRestorationSteps, foreignCitizenshipNoticeSteps, permanentResidenceSteps, registrationSteps, serviceRecruitmentSteps, stayExtensionSteps, temporaryResidenceSteps, validApplication, workPermitExtensionSteps, workPermitSteps } from '../fixtures/services.js';
import { errorSummary, parse, submitForm, textOf } from '../support/html.js';
import { answerSteps, applyPath, dateFields, fixtureFile, send } from '../support/journey.js';
import { signedInOfficer } from '../support/officers.js';
import { fixedClock } from '../support/registration.js';
import { applicationWhere } from '../support/rows.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

function applicationByReference(reference: string) {
  return applicationWhere(t.db, { reference });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/*
 * A loop over the catalogue: a new application service is sent here, from its fixture, the day its
 * definition is in src/catalogue/services/. The describes after it hold what is each service's own.
 */
describe('every application service of the catalogue', () => {
  const applicationServices = SERVICES.filter((service) => service.journey);

  it.each(applicationServices.map((service) => ({ id: service.id, service })))('$id: its valid application is sent, its answers kept per step, its files joined as sent', async ({ id, service }) => {
    const { steps } = validApplication(id);
    const journeySteps = service.journey!.steps;
    for (const answer of steps) expect(journeySteps.map((step) => step.id), `the fixture of ${id} answers a step its journey has`).toContain(answer.step);
    const agent = t.agent();
    await answerSteps(agent, id, steps, '?lang=en');
    const row = await applicationByReference(await send(agent, id));
    expect(row).toMatchObject({ service_id: id, service_version: service.version ?? 1 });
    const asked = steps.filter((answer) => ['question', 'repeat'].includes(journeySteps.find((step) => step.id === answer.step)!.kind) && !answer.files);
    for (const answer of asked) expect(Object.keys(row.answers), `the answers of ${id} keep ${answer.step}`).toContain(answer.step);
    const sent = steps.flatMap((answer) => answer.files ?? []);
    const documents = await t.db('documents').where({ application_id: row.id });
    expect(documents.map((document) => document.field).sort()).toEqual(sent.map((file) => file.field).sort());
    for (const file of sent) {
      expect(documents.map((document) => `${document.field} ${document.sha256}`), `${id}: ${file.field}`).toContain(`${file.field} ${sha256(typeof file.file === 'string' ? fixtureFile(file.file) : file.file)}`);
    }
  });
});

describe('registration at the place of stay, each kind of applicant', () => {
  it.each(['hostPerson', 'hostOrganisation', 'foreigner'] as const)('%s: answers kept per step, documents joined to the application', async (applicant) => {
    const agent = t.agent();
    await answerSteps(agent, 'registration-at-place-of-stay', registrationSteps(applicant), '?lang=en');
    const reference = await send(agent, 'registration-at-place-of-stay');
    const row = await applicationByReference(reference);
    expect(row.service_version).toBe(1);
    expect(row.answers.identity.surname).toBe('Məmmədova');
    expect(row.answers['who-applies'].applicantType).toBe(applicant);
    expect(row.answers.entry).toMatchObject({ visaType: 'eVisa', eVisaNumber: 'EV123456' });
    expect(row.answers.entry.visaNumber).toBeUndefined();
    expect(row.answers.contact.phone).toBe('+994507654321');
    expect(row.document_number).toBe('U12345678');
    const documents = await t.db('documents').where({ application_id: row.id });
    const passport = documents.find((document) => document.field === 'passportPagesWithVisa')!;
    const blob = (await t.db('document_blobs').where({ key: passport.storage_key }).first())!;
    expect(sha256(blob.bytes)).toBe(sha256(fixtureFile('passport.pdf')));
    expect(passport.sha256).toBe(sha256(fixtureFile('passport.pdf')));
    expect(documents.length).toBe(applicant === 'hostOrganisation' ? 1 : 2);
  });
});

describe('stay extension', () => {
  it('an adult applying for themselves pays the table fee, and the faster speed sets the due date', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'stay-extension', stayExtensionSteps(), '?lang=en');
    const check = parse(await agent.get(`${applyPath('stay-extension')}/check`).expect(200));
    expect(textOf(check, 'main')).toContain('50 AZN');
    const reference = await send(agent, 'stay-extension');
    const row = await applicationByReference(reference);
    expect(row.fee_amount).toBe('50.00');
    expect(row.speed).toBe('faster');
    expect(row.period).toBe('days30');
    // 24 November 2026 is a Tuesday: 1 working day later.
    expect(row.legal_due_date).toBe('2026-11-25');
    expect(row.answers.ground.medicalDetails).toContain('\n');
  });

  it('a parent applying for a child pays half, and uploads proof of representation', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'stay-extension', stayExtensionSteps({ representative: true }), '?lang=en');
    const reference = await send(agent, 'stay-extension');
    const row = await applicationByReference(reference);
    expect(row.fee_amount).toBe('25.00');
    expect(row.answers.fee.reduction).toBe('minor');
    expect(row.answers.representative.representativeRole).toBe('mother');
    expect(await t.db('documents').where({ application_id: row.id, field: 'representationProof' }).first()).toBeTruthy();
  });
});

describe('temporary residence permit', () => {
  it('issue on a work permit ground', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'temporary-residence-permit', temporaryResidenceSteps(), '?lang=en');
    const reference = await send(agent, 'temporary-residence-permit');
    const row = await applicationByReference(reference);
    expect(row.fee_amount).toBe('120.00');
    expect(row.answers.ground).toEqual({ residenceGround: 'workPermit', workPermitNumber: 'WP-2026-001' });
    expect(row.answers.housing.hostAgrees).toBe('yes');
    expect(await t.db('documents').where({ application_id: row.id }).count('* as n').first()).toEqual({ n: '6' });
  });

  it('a highly qualified specialist is not asked about days abroad', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'temporary-residence-permit', temporaryResidenceSteps({ ground: 'highlyQualified', extension: true }), '?lang=en');
    const reference = await send(agent, 'temporary-residence-permit');
    const row = await applicationByReference(reference);
    expect(row.answers.absence).toBeUndefined();
    expect(row.answers['application-type']).toMatchObject({ applicationType: 'extension', currentPermitNumber: 'TR-123456' });
  });

  it('more than 90 days abroad shows a warning and still lets the applicant go on', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'temporary-residence-permit', temporaryResidenceSteps({ abroad: true }), '?lang=en');
    await send(agent, 'temporary-residence-permit');
  });
});

describe('permanent residence permit', () => {
  it('a first permit: 300 AZN, 60 days, the test certificate and the consent of a 15-year-old child', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'permanent-residence-permit', permanentResidenceSteps(), '?lang=en');
    const check = parse(await agent.get(`${applyPath('permanent-residence-permit')}/check`).expect(200));
    const main = textOf(check, 'main');
    expect(main).toContain('300 AZN');
    expect(main).toContain('Consent of your children aged 14 to 18 consent-nigar.png');
    expect(main).toContain('State fee 300 AZN Decision by 23 January 2027');
    expect(main).toContain('Məmmədova Nigar');
    const reference = await send(agent, 'permanent-residence-permit');
    const row = await applicationByReference(reference);
    expect(row).toMatchObject({ fee_amount: '300.00', speed: 'standard', period: 'single', legal_due_date: '2027-01-23', citizenship: 'TR' });
    expect(row.answers['application-type']).toMatchObject({ applicationType: 'issue', temporaryPermitNumber: 'MYI20230456', temporaryPermitSince: '2023-09-15' });
    expect(row.answers['language-test']).toEqual({ testStatus: 'passed', testDate: '2026-06-03' });
    expect(row.answers.family.items).toHaveLength(2);
    const fields = (await t.db('documents').where({ application_id: row.id }).select('field')).map((document) => document.field).sort();
    expect(fields).toEqual(['childrenConsent', 'familyCompositionCertificate', 'fundsProof', 'healthCertificate', 'housingDocument', 'languageTestCertificate', 'passportPages', 'photo', 'residencePermitCard']);
  });

  it('a parent for a child: half the fee, no test asked, no consent page without a child of 14 to 18', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'permanent-residence-permit', permanentResidenceSteps({ representative: true, family: false, extension: true }), '?lang=ru');
    const reference = await send(agent, 'permanent-residence-permit');
    const row = await applicationByReference(reference);
    expect(row.fee_amount).toBe('150.00');
    expect(row.answers['language-test']).toBeUndefined();
    expect(row.answers['children-consent']).toBeUndefined();
    expect(row.answers['application-type']).toMatchObject({ applicationType: 'extension', currentPermitNumber: 'DYI-2021-00017' });
    expect(await t.db('documents').where({ application_id: row.id, field: 'representationProof' }).count('* as n').first()).toEqual({ n: '1' });
  });

  it('a group I disability replaces the test certificate with its own; "not yet" warns and goes on', async () => {
    const disabled = t.agent();
    await answerSteps(disabled, 'permanent-residence-permit', permanentResidenceSteps({ test: 'disability', family: false }), '?lang=az');
    const row = await applicationByReference(await send(disabled, 'permanent-residence-permit'));
    expect(row.answers['language-test']).toEqual({ testStatus: 'disability', disabilityCertificateNumber: 'ƏL-2019-7731' });
    expect(await t.db('documents').where({ application_id: row.id, field: 'disabilityCertificate' }).count('* as n').first()).toEqual({ n: '1' });

    const notYet = t.agent();
    const steps = permanentResidenceSteps({ test: 'notYet', family: false });
    await answerSteps(notYet, 'permanent-residence-permit', steps.slice(0, steps.findIndex((step) => step.step === 'test-warning')), '?lang=en');
    const warning = parse(await notYet.get(`${applyPath('permanent-residence-permit')}/test-warning`).expect(200));
    expect(textOf(warning, 'h1')).toBe('Your application is likely to be refused');
  });

  it('a temporary permit held under 2 years, or ending within 3 months, is refused on its own field', async () => {
    const agent = t.agent();
    const steps = permanentResidenceSteps();
    await answerSteps(agent, 'permanent-residence-permit', steps.slice(0, 1), '?lang=en');
    const refused = await submitForm(agent, `${applyPath('permanent-residence-permit')}/application-type`, {
      applicationType: 'issue',
      temporaryPermitNumber: 'MYI-2025-1',
      ...dateFields('temporaryPermitSince', '2025-01-10'),
      ...dateFields('temporaryPermitEndDate', '2027-01-09'),
    });
    expect(refused.status).toBe(400);
    expect(errorSummary(parse(refused))).toEqual([
      { text: 'You can apply once you have held a temporary residence permit for 2 years, from 10 January 2027', href: '#temporaryPermitSince-day' },
      { text: 'You must apply at least 3 months before the temporary permit ends. The last day to apply was 9 October 2026. Contact the State Migration Service', href: '#temporaryPermitEndDate-day' },
    ]);
  });
});

describe('work permit extension', () => {
  /** The employer's work permit, sent through the form and then approved with a permit number. */
  async function approvedWorkPermit(permitNumber: string): Promise<void> {
    const agent = t.agent();
    await answerSteps(agent, 'work-permit', workPermitSteps(), '?lang=en');
    const reference = await send(agent, 'work-permit');
    await t.db('applications').where({ reference }).update({ status: 'in_review' });
    await t.db('applications').where({ reference }).update({ status: 'approved', permit_number: permitNumber, decided_at: t.db.fn.now() });
  }

  it('a permit issued elsewhere: nothing found, the employer types the details; fee and due date as a work permit', async () => {
    const agent = t.agent();
    // A permit number of its own: the loop above sends the fixture's, whose earlier application would be found.
    const steps = workPermitExtensionSteps({}, { permit: { permitNumber: 'is 26-0000124' } });
    await answerSteps(agent, 'work-permit-extension', steps.slice(0, 1), '?lang=en');
    const page = parse(await agent.get(`${applyPath('work-permit-extension')}/earlier-details`).expect(200));
    expect(textOf(page, 'h1')).toBe('You will enter the details yourself');
    expect(page('input[name="useEarlier"]').length).toBe(0);
    await answerSteps(agent, 'work-permit-extension', steps, '?lang=en');
    const row = await applicationByReference(await send(agent, 'work-permit-extension'));
    expect(row).toMatchObject({ fee_amount: '1000.00', speed: 'standard', period: 'year1', date_of_birth: '1990-03-27', document_number: 'U87654321', citizenship: 'TR' });
    // 20 working days from Tuesday 24 November 2026.
    expect(row.legal_due_date).toBe('2026-12-22');
    expect(row.answers.permit).toMatchObject({ permitNumber: 'IS260000124', organisationTaxNumber: '1402345678', workerDateOfBirth: '1990-03-27' });
    expect(row.answers.employer.organisationTaxNumber).toBeUndefined();
  });

  it('the permit granted here: the same VÖEN and date of birth find its details, shown and taken into the later steps', async () => {
    await approvedWorkPermit('IS260000777');
    const agent = t.agent();
    const steps = workPermitExtensionSteps({ prefilled: true }, { permit: { permitNumber: 'IS260000777' } });
    await answerSteps(agent, 'work-permit-extension', steps.slice(0, 1), '?lang=az');
    const offer = parse(await agent.get(`${applyPath('work-permit-extension')}/earlier-details`).expect(200));
    const offered = textOf(offer, 'main');
    expect(offered).toContain('Xəzər Tikinti MMC');
    expect(offered).toContain('Yılmaz');
    expect(offered).toContain('U87654321');
    const unanswered = await submitForm(agent, `${applyPath('work-permit-extension')}/earlier-details`, {});
    expect(unanswered.status).toBe(400);
    expect(errorSummary(parse(unanswered))[0]!.href).toBe('#useEarlier');
    await answerSteps(agent, 'work-permit-extension', steps, '?lang=az');
    // The employer can still change what was filled in: the page shows it in the inputs.
    const employer = parse(await agent.get(`${applyPath('work-permit-extension')}/employer`).expect(200));
    expect(employer('input[name="organisationName"]').val()).toBe('Xəzər Tikinti MMC');
    const worker = parse(await agent.get(`${applyPath('work-permit-extension')}/worker-document`).expect(200));
    expect(worker('input[name="documentExpiryDate-year"]').val()).toBe('2030');
    const row = await applicationByReference(await send(agent, 'work-permit-extension'));
    expect(row.answers['earlier-details']).toEqual({ useEarlier: 'yes' });
    expect(row.answers.employer).toMatchObject({ organisationName: 'Xəzər Tikinti MMC', contactPersonPhone: '+994124443322' });
    expect(row.answers['employer-address']).toMatchObject({ street: 'Həsən bəy Zərdabi prospekti', building: '78' });
    expect(row.answers['worker-identity']).toMatchObject({ surname: 'Yılmaz', givenNames: 'Mehmet', sex: 'male', citizenship: 'TR' });
    expect(row.answers['worker-identity'].dateOfBirth).toBeUndefined();
    expect(row.answers['worker-document']).toMatchObject({ documentNumber: 'U87654321', documentExpiryDate: '2030-06-14' });
  });

  it.each([
    { name: 'another date of birth', permitNumber: 'IS260000881', change: dateFields('workerDateOfBirth', '1990-03-28') },
    { name: 'another VÖEN', permitNumber: 'IS260000882', change: { organisationTaxNumber: '1999999999' } },
  ])('with $name, the details of the permit are not shown, exactly as for a permit that does not exist', async ({ permitNumber, change }) => {
    await approvedWorkPermit(permitNumber);
    const agent = t.agent();
    const [permit] = workPermitExtensionSteps();
    const answered = await submitForm(agent, `${applyPath('work-permit-extension')}/permit`, { ...permit!.fields!, permitNumber, ...change });
    expect(answered.status).toBe(303);
    const page = await agent.get(`${applyPath('work-permit-extension')}/earlier-details`).expect(200);
    expect(textOf(parse(page), 'h1')).toBe('Məlumatları özünüz daxil edəcəksiniz');
    expect(page.text).not.toContain('Xəzər');
    expect(page.text).not.toContain('Yılmaz');
  });
});

describe('work permit', () => {
  it('the employer files with two jobs and two addresses, each kept and shown under its own heading', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'work-permit', workPermitSteps(), '?lang=en');
    const check = parse(await agent.get(`${applyPath('work-permit')}/check`).expect(200));
    const cards = check('.govuk-summary-card').toArray().map((card) => check(card).text().replace(/\s+/g, ' '));
    const employer = cards.find((card) => card.includes('Həsən bəy Zərdabi'))!;
    const job = cards.find((card) => card.includes('Sülh küçəsi'))!;
    expect(employer).not.toContain('Sülh');
    expect(job).not.toContain('Zərdabi');
    expect(textOf(check, 'main')).toContain('Job 2');
    const reference = await send(agent, 'work-permit');
    const row = await applicationByReference(reference);
    expect(row.answers['employer-address'].street).toBe('Həsən bəy Zərdabi prospekti');
    expect(row.answers.workplace.city).toBe('sumgait');
    expect(row.answers['work-history'].items).toHaveLength(2);
    expect(row.answers['work-history'].items[1]).toMatchObject({ jobStart: '2019-09', jobEnd: '2022-02' });
    expect(row.answers.position.monthlySalary).toBe(2500);
    expect(row.fee_amount).toBe('900.00');
    expect(row.document_number).toBe('U87654321');
  });

  it('an exempt worker is stopped with an explanation before anything else is asked', async () => {
    const agent = t.agent();
    await agent.get('/services/work-permit/start?lang=en').expect(303);
    const { submitForm } = await import('../support/html.js');
    const response = await submitForm(agent, `${applyPath('work-permit')}/exemptions`, { workerExemptions: 'spouseOfCitizen' });
    expect(response.status).toBe(303);
    const exit = parse(await agent.get(response.headers.location!).expect(200));
    expect(textOf(exit, 'h1')).toBe('The worker does not need a work permit');
    expect(exit('form').length).toBe(0);
    await agent.get(`${applyPath('work-permit')}/employer`).expect(303);
  });
});

describe('notice by a citizen who took another citizenship', () => {
  it('is sent with both documents; the confirmation says what happens next; an officer sees it in the queue', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'foreign-citizenship-notice', foreignCitizenshipNoticeSteps(), '?lang=ru');
    const check = parse(await agent.get('/services/foreign-citizenship-notice/apply/check').expect(200));
    expect(check('main').text()).toContain('Турция');
    expect(check('main').text()).toContain('5ABC12D');
    const reference = await send(agent, 'foreign-citizenship-notice');
    const confirmation = parse(await agent.get('/services/foreign-citizenship-notice/apply/confirmation').expect(200));
    expect(textOf(confirmation, '[data-next]')).toContain('в течение 30 дней напишем вам');
    const row = await applicationByReference(reference);
    expect(row).toMatchObject({ service_id: 'foreign-citizenship-notice', citizenship: 'TR', document_number: 'U76543210', date_of_birth: '1988-07-12', applicant_name: 'Əliyev Tural Vaqif oğlu', fee_amount: null });
    expect(row.answers.citizen).toMatchObject({ fin: '5ABC12D' });
    expect(await t.db('documents').where({ application_id: row.id })).toHaveLength(2);
    // Registered within 30 calendar days of 24 November 2026.
    expect(row.legal_due_date).toBe('2026-12-24');
  });

  it('a date of taking the other citizenship before the date of birth is sent back to its field', async () => {
    const agent = t.agent();
    const [citizen] = foreignCitizenshipNoticeSteps();
    await answerSteps(agent, 'foreign-citizenship-notice', [citizen!], '?lang=en');
    const refused = await submitForm(agent, `${applyPath('foreign-citizenship-notice')}/foreign-citizenship`, { foreignCitizenship: 'TR', ...dateFields('acquiredOn', '1980-01-01') });
    expect(refused.status).toBe(400);
    expect(errorSummary(parse(refused))).toEqual([{ text: 'The date you became its citizen must be after your date of birth', href: '#acquiredOn-day' }]);
    expect(parse(refused)('#acquiredOn-year').val()).toBe('1980');
  });
});

describe('renunciation of Azerbaijani citizenship', () => {
  it('an adult for themselves, with family members listed, the reasons kept line by line, and a decision that needs a second officer', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'citizenship-renunciation', citizenshipRenunciationSteps(), '?lang=az');
    const check = parse(await agent.get('/services/citizenship-renunciation/apply/check').expect(200));
    expect(check('main').text()).toContain('Almaniya');
    expect(check('main').text()).toContain('Hüseynova Aynur');
    const reference = await send(agent, 'citizenship-renunciation');
    const row = await applicationByReference(reference);
    expect(row).toMatchObject({ service_id: 'citizenship-renunciation', document_number: '6QWE34R', citizenship: 'DE', applicant_name: 'Hüseynov Rauf Elşən oğlu', legal_due_date: '2027-02-22' });
    expect(row.answers.reasons.reasons).toBe('Germany does not allow two citizenships.\nI have lived and worked in Berlin since 2015.');
    expect(row.answers.family.items.map((item: { relation: string }) => item.relation)).toEqual(['spouse', 'child']);
    expect(row.answers.representative).toBeUndefined();
    expect(await t.db('documents').where({ application_id: row.id })).toHaveLength(4);
  });

  it('a mother for her child gives her own FIN and proof of representation; no family asked when there is none', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'citizenship-renunciation', citizenshipRenunciationSteps({ representative: true, family: false }), '?lang=en');
    const reference = await send(agent, 'citizenship-renunciation');
    const row = await applicationByReference(reference);
    expect(row.answers.representative).toMatchObject({ representativeFin: '5RTY78U', representativeRole: 'mother' });
    expect(row.answers.family).toBeUndefined();
    const documents = await t.db('documents').where({ application_id: row.id });
    expect(documents.map((document) => document.field)).toContain('representationProof');
  });

  it('a parent cannot apply for an adult', async () => {
    const agent = t.agent();
    const steps = citizenshipRenunciationSteps({ representative: true }, { citizen: dateFields('dateOfBirth', '1990-01-01') });
    await answerSteps(agent, 'citizenship-renunciation', steps.slice(0, 2), '?lang=ru');
    const refused = await submitForm(agent, `${applyPath('citizenship-renunciation')}/citizen`, steps[2]!.fields!);
    expect(refused.status).toBe(400);
    expect(errorSummary(parse(refused))[0]!.text).toBe('Родитель или опекун может подать заявление только за ребёнка младше 18 лет. Тот, кому уже исполнилось 18 лет, подаёт заявление сам');
  });
});

describe('restoration of Azerbaijani citizenship', () => {
  it('a former citizen says how it ended and why, without the decision they do not have; four eyes decide it', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'citizenship-restoration', citizenshipRestorationSteps(), '?lang=en');
    const check = parse(await agent.get('/services/citizenship-restoration/apply/check').expect(200));
    expect(check('main').text()).toContain('By renouncing it');
    const reference = await send(agent, 'citizenship-restoration');
    const row = await applicationByReference(reference);
    expect(row).toMatchObject({ service_id: 'citizenship-restoration', citizenship: 'RU', document_number: '751234567', applicant_name: 'Qasımova Nərgiz Arif qızı' });
    expect(row.answers['former-citizenship']).toMatchObject({ endedOn: '2012-06-15', endedHow: 'renounced' });
    const fields = (await t.db('documents').where({ application_id: row.id })).map((document) => document.field).sort();
    expect(fields).toEqual(['familyCompositionCertificate', 'healthCertificate', 'identityDocument', 'photo']);
  });

  it('citizenship cannot have ended before the person was born', async () => {
    const agent = t.agent();
    const steps = citizenshipRestorationSteps();
    await answerSteps(agent, 'citizenship-restoration', steps.slice(0, 3), '?lang=az');
    const refused = await submitForm(agent, `${applyPath('citizenship-restoration')}/former-citizenship`, { ...steps[3]!.fields!, ...dateFields('endedOn', '1970-01-01') });
    expect(refused.status).toBe(400);
    expect(errorSummary(parse(refused))).toEqual([{ text: 'Vətəndaşlığa xitam verildiyi tarix doğum tarixindən sonra olmalıdır', href: '#endedOn-day' }]);
  });
});

describe('determination of Azerbaijani citizenship', () => {
  it('a stateless man with a birth certificate, two places lived and a USSR passport once held', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'citizenship-determination', citizenshipDeterminationSteps(), '?lang=ru');
    const check = parse(await agent.get('/services/citizenship-determination/apply/check').expect(200));
    expect(check('main').text()).toContain('Паспорт СССР, выданный в Азербайджане');
    const reference = await send(agent, 'citizenship-determination');
    const row = await applicationByReference(reference);
    expect(row).toMatchObject({ service_id: 'citizenship-determination', citizenship: 'stateless', document_number: 'IIAB123456', legal_due_date: '2026-12-24' });
    expect(row.answers.residence.items.map((item: { residencePlace: string }) => item.residencePlace)).toEqual(['baku', 'ganja']);
    expect(row.answers.birth.fatherCitizenship).toBeUndefined();
    expect(row.answers.autobiography.autobiography).toContain('\nLeft for Kazakhstan');
    expect(await t.db('documents').where({ application_id: row.id })).toHaveLength(2);
  });
});

describe('admission to Azerbaijani citizenship', () => {
  it('a resident of six years, fluent in Azerbaijani, with her means and reasons; prepared for the President with four eyes', async () => {
    const agent = t.agent();
    await answerSteps(agent, 'citizenship-admission', citizenshipAdmissionSteps(), '?lang=az');
    const reference = await send(agent, 'citizenship-admission');
    const confirmation = parse(await agent.get('/services/citizenship-admission/apply/confirmation').expect(200));
    expect(textOf(confirmation, '[data-next]')).toContain('Prezidentinin qərarı üçün');
    const row = await applicationByReference(reference);
    expect(row).toMatchObject({ service_id: 'citizenship-admission', citizenship: 'GE', document_number: '13AB45678' });
    expect(row.answers.residence).toMatchObject({ residencePermitNumber: 'DYI2400123', yearsOfLegalResidence: 6 });
    expect(row.answers.means.incomeSources).toEqual(['employment']);
    expect(await t.db('documents').where({ application_id: row.id })).toHaveLength(4);
  });
});

describe('application to serve in the migration bodies', () => {
  const service = 'service-recruitment';

  it('a man of 30, liable for military service, says how he served; his studies, job and languages are kept item by item; free, answered within 30 days', async () => {
    const agent = t.agent();
    await answerSteps(agent, service, serviceRecruitmentSteps(), '?lang=az');
    const check = parse(await agent.get(`${applyPath(service)}/check`).expect(200));
    const cards = check('.govuk-summary-card').toArray().map((card) => check(card).text().replace(/\s+/g, ' '));
    const military = cards.find((card) => card.includes('Hərbi xidmət'))!;
    expect(military).toContain('Bəli, hərbi xidmət keçmişəm');
    expect(military).toContain('iyul 2018');
    expect(military).toContain('AZ 0123456');
    const education = cards.find((card) => card.includes('Təhsil 2'))!;
    expect(education).toContain('Ali təhsil – magistratura');
    expect(education).toContain('Beynəlxalq hüquq');
    expect(textOf(check, 'main')).toContain('Hüquq məsləhətçisi');
    expect(textOf(check, 'main')).toContain('Hüquq işi');
    // A citizen is not asked the citizenship the service is only for.
    expect(textOf(check, 'main')).not.toContain('Vətəndaşlığı');
    const reference = await send(agent, service);
    const confirmation = parse(await agent.get(`${applyPath(service)}/confirmation`).expect(200));
    expect(textOf(confirmation, '[data-next]')).toContain('seçimin növbəti mərhələsinə');
    const row = await applicationByReference(reference);
    expect(row).toMatchObject({
      service_id: service,
      service_version: 1,
      language: 'az',
      citizenship: 'AZ',
      document_number: '6MNB4K2',
      date_of_birth: '1996-05-14',
      applicant_name: 'Quliyev Elvin Rövşən oğlu',
      fee_amount: null,
      // 30 calendar days from 24 November 2026.
      legal_due_date: '2026-12-24',
    });
    expect(row.answers.applicant).toMatchObject({ fin: '6MNB4K2', sex: 'male', placeOfBirth: 'Şəki, Azərbaycan' });
    expect(row.answers.applicant.citizenship).toBeUndefined();
    expect(row.answers['military-service']).toEqual({ militaryStatus: 'served', militaryServiceFrom: '2018-07', militaryServiceTo: '2019-12', militaryIdNumber: 'AZ 0123456' });
    expect(row.answers.education.items.map((item: { educationLevel: string }) => item.educationLevel)).toEqual(['master', 'bachelor']);
    expect(row.answers.education.items[1]).toMatchObject({ institution: 'Bakı Dövlət Universiteti', studyStart: '2014-09', studyEnd: '2018-06', educationCountry: 'AZ' });
    expect(row.answers['work-history'].items).toEqual([{ jobEmployer: 'Ədliyyə Nazirliyi', jobTitle: 'Hüquq məsləhətçisi', jobStart: '2022-09' }]);
    expect(row.answers.languages.items.map((item: { languageLevel: string }) => item.languageLevel)).toEqual(['native', 'fluent', 'good']);
    expect(row.answers.position).toEqual({ preferredArea: 'legal', motivation: 'Hüquqşünasam, beynəlxalq hüquq üzrə magistr dərəcəm var.\nƏcnəbilərin hüquqları ilə bağlı işləmək istəyirəm.' });
    const fields = (await t.db('documents').where({ application_id: row.id })).map((document) => document.field).sort();
    expect(fields).toEqual(['cv', 'diploma', 'diploma', 'photo']);
  });

  it('a woman is not asked about military service, nor about jobs when she has had none; her master\'s abroad is still under way', async () => {
    const agent = t.agent();
    await answerSteps(agent, service, serviceRecruitmentSteps({ woman: true }), '?lang=ru');
    await agent.get(`${applyPath(service)}/military-service`).expect(303).expect('location', `${applyPath(service)}/check`);
    const tasks = parse(await agent.get(applyPath(service)).expect(200));
    expect(textOf(tasks, 'main')).not.toContain('Военная служба');
    const check = parse(await agent.get(`${applyPath(service)}/check`).expect(200));
    expect(textOf(check, 'main')).not.toContain('Военная служба');
    expect(textOf(check, 'main')).toContain('Высшее, магистратура');
    expect(textOf(check, 'main')).toContain('Турция');
    expect(textOf(check, 'main')).toContain('Miqrasiya statistikası və təhlili');
    const reference = await send(agent, service);
    const row = await applicationByReference(reference);
    expect(row).toMatchObject({ service_id: service, language: 'ru', citizenship: 'AZ', document_number: '7PLK9QZ', date_of_birth: '1999-10-02', applicant_name: 'Nəsirova Günel Tahir qızı', legal_due_date: '2026-12-24' });
    expect(row.answers['military-service']).toBeUndefined();
    expect(row.answers['has-work-history']).toEqual({ hasWorked: 'no' });
    expect(row.answers['work-history']).toBeUndefined();
    expect(row.answers.education.items[0]).toEqual({ educationLevel: 'master', institution: 'Ankara Üniversitesi', speciality: 'Bilgisayar mühendisliği', educationCountry: 'TR', studyStart: '2024-09' });
    expect(row.answers.position).toMatchObject({ preferredArea: 'other', otherArea: 'Miqrasiya statistikası və təhlili' });
    expect(await t.db('documents').where({ application_id: row.id })).toHaveLength(3);

    // The back-office shows the answers as any journey's, with the citizenship the service knew.
    const officerAgent = t.agent();
    await signedInOfficer(t.db, officerAgent, { services: [service] });
    const $ = parse(await officerAgent.get(`/backoffice/cases/${row.reference}?lang=en`).expect(200));
    expect(textOf($, 'main')).toContain('Azerbaijan');
    const titles = $('.govuk-summary-card__title').toArray().map((title) => $(title).text().trim());
    expect(titles).toEqual(['About you', 'Education', 'Work experience', 'Languages', 'The work you are interested in', 'Contact details', 'Documents']);
    const answers = $('.govuk-summary-card').text().replace(/\s+/g, ' ');
    for (const sent of ['7PLK9QZ', 'Education 2', 'ADA Universiteti', 'Türk dili', 'Fluently: I speak, read and write it freely', 'Miqrasiya statistikası və təhlili']) expect(answers).toContain(sent);
  });

  // 24 November 2026: a man born on 25 November 1990 is 35, one born a day earlier has just turned 36.
  it.each([
    { born: '1990-11-25', sex: 'male', asked: true },
    { born: '1990-11-24', sex: 'male', asked: false },
    { born: '2008-11-24', sex: 'male', asked: true },
    { born: '2000-01-01', sex: 'female', asked: false },
  ])('military service is asked of men from 18 to 35 only: $sex born $born, asked $asked', async ({ born, sex, asked }) => {
    const agent = t.agent();
    const [applicant] = serviceRecruitmentSteps({}, { applicant: { ...dateFields('dateOfBirth', born), sex } });
    await answerSteps(agent, service, [applicant!], '?lang=en');
    const next = await agent.get(`${applyPath(service)}/military-service`);
    if (asked) expect(next.status).toBe(200);
    else expect(next.headers.location).toBe(`${applyPath(service)}/education`);
  });

  it('an applicant under 18 is stopped on the date of birth; one who turned 18 today goes on', async () => {
    const agent = t.agent();
    await agent.get(`/services/${service}/start?lang=en`).expect(303);
    const [applicant] = serviceRecruitmentSteps();
    const refused = await submitForm(agent, `${applyPath(service)}/applicant`, { ...applicant!.fields!, ...dateFields('dateOfBirth', '2008-11-25') });
    expect(refused.status).toBe(400);
    expect(errorSummary(parse(refused))).toEqual([{ text: 'You can apply to serve in the migration bodies from the age of 18', href: '#dateOfBirth-day' }]);
    const accepted = await submitForm(agent, `${applyPath(service)}/applicant`, { ...applicant!.fields!, ...dateFields('dateOfBirth', '2008-11-24') });
    expect(accepted.status).toBe(303);
  });
});
