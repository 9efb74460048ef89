import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS, registrationSteps, stayExtensionSteps, temporaryResidenceSteps, workPermitSteps } from '../fixtures/services.js';
import { csrfTokenFrom, errorSummary, parse, submitForm, textOf, type Agent } from '../support/html.js';
import { answerStep, applyPath, dateFields, type StepAnswer } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { latestDraft } from '../support/rows.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

/** Answers a service's steps in English up to (not including) one of them. */
async function until(service: string, steps: StepAnswer[], stop: string): Promise<Agent> {
  const agent = t.agent();
  await agent.get(`/services/${service}/start?lang=en`).expect(303);
  for (const step of steps) {
    if (step.step === stop) break;
    await answerStep(agent, applyPath(service), step);
  }
  return agent;
}

describe('a repeating group: the worker\'s jobs', () => {
  const WORK = applyPath('work-permit');
  const HISTORY = `${WORK}/work-history`;
  const steps = workPermitSteps();

  it('starts on the first item, lists the items, changes and removes them', async () => {
    const agent = await until('work-permit', steps, 'work-history');
    await agent.get(HISTORY).expect(303).expect('location', `${HISTORY}/1`);
    const first = await submitForm(agent, `${HISTORY}/1`, JOBS[0]!);
    expect(first.headers.location).toBe(HISTORY);
    let list = parse(await agent.get(HISTORY).expect(200));
    expect(textOf(list, '.govuk-summary-list')).toContain('Site engineer');
    // The question about another job is not an error before it is answered.
    expect(list('.govuk-error-summary').length).toBe(0);
    expect(textOf(list, 'main')).toContain('You have added 1.');

    await submitForm(agent, HISTORY, { more: 'yes' }).then((r) => expect(r.headers.location).toBe(`${HISTORY}/2`));
    await submitForm(agent, `${HISTORY}/2`, JOBS[1]!);
    // Change the first: its page opens with its answers, and a change is kept.
    const change = parse(await agent.get(`${HISTORY}/1`).expect(200));
    expect(change('#jobEmployer').val()).toBe('Anatolia Construction A.Ş.');
    await submitForm(agent, `${HISTORY}/1`, { ...JOBS[0]!, jobTitle: 'Senior site engineer' });
    list = parse(await agent.get(HISTORY));
    expect(textOf(list, '.govuk-summary-list')).toContain('Senior site engineer');

    // Remove the second, after a page that asks.
    const ask = parse(await agent.get(`${HISTORY}/2/remove`).expect(200));
    expect(textOf(ask, 'h1')).toBe('Are you sure you want to remove Job 2?');
    await submitForm(agent, `${HISTORY}/2/remove`, { confirm: 'yes' }).then((r) => expect(r.headers.location).toBe(HISTORY));
    list = parse(await agent.get(HISTORY));
    expect(list('.govuk-summary-list__row').length).toBe(1);
    const done = await submitForm(agent, HISTORY, { more: 'no' });
    expect(done.headers.location).toBe(WORK);
    const draft = await latestDraft(t.db);
    expect(draft.answers['work-history'].items).toHaveLength(1);
    expect(draft.answers['work-history'].items[0].jobTitle).toBe('Senior site engineer');
  });

  it('refuses an item with errors, keeping what was typed, and shows it as not complete', async () => {
    const agent = await until('work-permit', steps, 'work-history');
    const bad = await submitForm(agent, `${HISTORY}/1`, { ...JOBS[1]!, ...dateFields('jobEnd', '2018-01'), jobEmployer: '' });
    expect(bad.status).toBe(400);
    expect(errorSummary(parse(bad))).toEqual([
      { text: 'Enter the name of the employer', href: '#jobEmployer' },
    ]);
    const worse = await submitForm(agent, `${HISTORY}/1`, { ...JOBS[1]!, ...dateFields('jobEnd', '2018-01') });
    expect(errorSummary(parse(worse))).toEqual([{ text: 'The end must be after the start', href: '#jobEnd-month' }]);
    // Leaving it: the list shows it as not complete, and "no more" names it.
    const list = parse(await agent.get(HISTORY).expect(200));
    expect(textOf(list, '.govuk-summary-list')).toContain('Not complete');
    const no = await submitForm(agent, HISTORY, { more: 'no' });
    expect(no.status).toBe(400);
    expect(errorSummary(parse(no))).toEqual([{ text: 'Job 1 is not complete. Change it to give the missing answers', href: '#items' }]);
  });

  it('refuses a job that ended before the last 5 years, in words of each language, and keeps one that ended within them', async () => {
    const agent = await until('work-permit', steps, 'work-history');
    // The clock is 24 November 2026: the last 5 years begin in November 2021.
    const expected = {
      en: 'This job ended before 1 November 2021, more than 5 years ago. List only the jobs the worker had in the last 5 years',
      az: 'Bu iş 1 noyabr 2021 tarixindən əvvəl, 5 ildən çox öncə bitib. Yalnız işçinin son 5 ildəki işlərini göstərin',
      ru: 'Эта работа закончилась до 1 ноября 2021, более 5 лет назад. Укажите только места работы работника за последние 5 лет',
    };
    for (const [lang, text] of Object.entries(expected)) {
      const old = await submitForm(agent, `${HISTORY}/1?lang=${lang}`, { ...JOBS[1]!, ...dateFields('jobStart', '2015-03'), ...dateFields('jobEnd', '2020-12') });
      expect(old.status, lang).toBe(400);
      expect(errorSummary(parse(old)), lang).toEqual([{ text, href: '#jobEnd-month' }]);
    }
    const within = await submitForm(agent, `${HISTORY}/1?lang=en`, { ...JOBS[1]!, ...dateFields('jobStart', '2015-03'), ...dateFields('jobEnd', '2021-11') });
    expect(within.headers.location).toBe(HISTORY);
  });

  it('needs at least one job and takes at most fifteen', async () => {
    const agent = await until('work-permit', steps, 'work-history');
    // With no job yet the list is not shown: the first job's page is. A "no more" sent anyway (an old tab) is refused.
    await agent.get(HISTORY).expect(303).expect('location', `${HISTORY}/1`);
    const token = csrfTokenFrom(await agent.get(`${HISTORY}/1`));
    const none = await agent.post(HISTORY).type('form').send({ more: 'no', _csrf: token });
    expect(none.status).toBe(400);
    expect(errorSummary(parse(none))).toEqual([{ text: 'Add at least one job', href: '#more' }]);
    await submitForm(agent, `${HISTORY}/1`, JOBS[0]!);
    const nothingChosen = await submitForm(agent, HISTORY, {});
    expect(errorSummary(parse(nothingChosen))).toEqual([{ text: 'Select yes if the worker had another job in the last 5 years', href: '#more' }]);
    for (let number = 2; number <= 15; number += 1) {
      await submitForm(agent, HISTORY, { more: 'yes' }).then((r) => expect(r.headers.location).toBe(`${HISTORY}/${number}`));
      await submitForm(agent, `${HISTORY}/${number}`, JOBS[1]!).then((r) => expect(r.status).toBe(303));
    }
    // Full: no question about another, and no page for a sixteenth.
    const full = parse(await agent.get(HISTORY).expect(200));
    expect(full('input[name="more"]').length).toBe(0);
    expect(textOf(full, 'main')).toContain('You have added 15, the most you can.');
    await agent.get(`${HISTORY}/16`).expect(303).expect('location', HISTORY);
    const more = await submitForm(agent, HISTORY, { more: 'yes' });
    expect(more.headers.location).toBe(WORK);
  });
});

describe('fields revealed under an option', () => {
  const TRP = applyPath('temporary-residence-permit');

  it('are checked only when their option is chosen, and only theirs are kept', async () => {
    const steps = temporaryResidenceSteps();
    const agent = await until('temporary-residence-permit', steps, 'ground');
    const missing = await submitForm(agent, `${TRP}/ground`, { residenceGround: 'investment' });
    expect(errorSummary(parse(missing))).toEqual([{ text: 'Enter the amount invested', href: '#investmentAmount' }]);
    const tooLittle = await submitForm(agent, `${TRP}/ground`, { residenceGround: 'investment', investmentAmount: '499 999' });
    expect(errorSummary(parse(tooLittle))).toEqual([{ text: 'This ground needs an investment of at least 500,000 AZN', href: '#investmentAmount' }]);
    // Other grounds' fields, filled in and wrong, count for nothing when their option is not chosen.
    const ok = await submitForm(agent, `${TRP}/ground`, { residenceGround: 'investment', investmentAmount: '750,000', relativeFin: '!!', companyTaxNumber: 'abc' });
    expect(ok.status).toBe(303);
    const draft = await latestDraft(t.db);
    expect(draft.answers.ground).toEqual({ residenceGround: 'investment', investmentAmount: '750,000' });
  });
});

describe('fee and speed', () => {
  it('each speed shows its decision date, and the fee follows period and speed', async () => {
    const steps = workPermitSteps();
    const agent = await until('work-permit', steps, 'fee');
    const page = parse(await agent.get(`${applyPath('work-permit')}/fee`).expect(200));
    const hints = page('#speed-hint, .govuk-radios__hint').toArray().map((hint) => page(hint).text().trim());
    // 24 November 2026: 20, 15 and 10 working days.
    expect(hints).toEqual(expect.arrayContaining(['Decision by 22 December 2026 at the latest', 'Decision by 15 December 2026 at the latest', 'Decision by 8 December 2026 at the latest']));
    expect(page('table').text().replace(/\s+/g, ' ')).toContain('1,400 AZN');
    const nothing = await submitForm(agent, `${applyPath('work-permit')}/fee`, {});
    expect(errorSummary(parse(nothing)).map((error) => error.href)).toEqual(['#period', '#speed']);
  });

  it('a stay extension must be asked for 3 days before the stay ends', async () => {
    const steps = stayExtensionSteps();
    const agent = await until('stay-extension', steps, 'current-stay');
    const late = await submitForm(agent, `${applyPath('stay-extension')}/current-stay`, dateFields('stayEndDate', '2026-11-26'));
    expect(errorSummary(parse(late))).toEqual([
      { text: 'You must apply at least 3 days before your stay ends. The last day to apply online was 23 November 2026. Contact the State Migration Service', href: '#stayEndDate-day' },
    ]);
    await submitForm(agent, `${applyPath('stay-extension')}/current-stay`, dateFields('stayEndDate', '2026-11-27')).then((r) => expect(r.status).toBe(303));
  });

  it('a parent cannot apply for an adult', async () => {
    const steps = stayExtensionSteps({ representative: true }, { identity: dateFields('dateOfBirth', '2000-01-01') });
    const agent = await until('stay-extension', steps, 'identity');
    const adult = await submitForm(agent, `${applyPath('stay-extension')}/identity`, steps.find((step) => step.step === 'identity')!.fields!);
    expect(adult.status).toBe(400);
    expect(errorSummary(parse(adult))).toEqual([
      { text: 'A parent or guardian can apply only for a child under 18. This person is 18 or over and must apply for themselves', href: '#dateOfBirth-day' },
    ]);
  });

  it('a temporary residence permit needs a passport valid 3 months beyond the period asked for, and says so on the period', async () => {
    const steps = temporaryResidenceSteps({}, { 'travel-document': dateFields('documentExpiryDate', '2027-12-01') });
    const agent = await until('temporary-residence-permit', steps, 'fee');
    const TRP = applyPath('temporary-residence-permit');
    const long = await submitForm(agent, `${TRP}/fee`, { period: 'year1', speed: 'standard' });
    expect(long.status).toBe(400);
    // Decision by 22 December 2026; one year and 3 months after it is 22 March 2028.
    expect(errorSummary(parse(long))).toEqual([
      { text: 'Your passport ends on 1 December 2027. For this period it must be valid until at least 22 March 2028. Choose a shorter period, or renew your passport first', href: '#period' },
    ]);
    const shorter = await submitForm(agent, `${TRP}/fee`, { period: 'months6', speed: 'standard' });
    expect(shorter.status).toBe(303);
  });

  it('an extension of a temporary permit is asked for 30 days before it ends', async () => {
    const TRP = applyPath('temporary-residence-permit');
    const agent = await until('temporary-residence-permit', temporaryResidenceSteps(), 'application-type');
    const late = await submitForm(agent, `${TRP}/application-type`, { applicationType: 'extension', currentPermitNumber: 'TR-1', ...dateFields('permitEndDate', '2026-12-20') });
    expect(errorSummary(parse(late))[0]).toEqual({
      text: 'You must apply at least 30 days before your permit ends. The last day to apply was 20 November 2026. Contact the State Migration Service',
      href: '#permitEndDate-day',
    });
  });
});

describe('every ground, and every kind of host', () => {
  const TRP = applyPath('temporary-residence-permit');
  const GROUNDS: Record<string, Record<string, string>> = {
    relativeOfCitizen: { relativeName: 'Əliyev Rəşad', relativeFin: '5ABC12D', relationship: 'husband' },
    familyOfPermitHolder: { permitHolderName: 'Yılmaz Ayşe', permitHolderPermitNumber: 'TR-654321' },
    highlyQualified: { specialistEmployer: 'Azərenerji ASC' },
    workPermit: { workPermitNumber: 'WP-2026-001' },
    investment: { investmentAmount: '500000' },
    property: { propertyValue: '100 000' },
    companyHead: { companyName: 'Ege Yapı Azərbaycan MMC', companyTaxNumber: '1700123456' },
    study: { institutionName: 'Bakı Dövlət Universiteti' },
    other: { otherGround: 'A ground the list does not name,\nwith its proof.' },
  };

  it.each(Object.keys(GROUNDS))('temporary residence on the ground %s keeps that ground\'s details and nothing else', async (ground) => {
    const agent = await until('temporary-residence-permit', temporaryResidenceSteps(), 'ground');
    const others = Object.entries(GROUNDS).filter(([name]) => name !== ground).flatMap(([, fields]) => Object.entries(fields));
    const response = await submitForm(agent, `${TRP}/ground`, { residenceGround: ground, ...Object.fromEntries(others), ...GROUNDS[ground] });
    expect(response.status).toBe(303);
    // The 90-days question is skipped for highly qualified specialists only.
    expect(response.headers.location).toBe(ground === 'highlyQualified' ? TRP : `${TRP}/absence`);
    const draft = await latestDraft(t.db);
    expect(Object.keys(draft.answers.ground).sort()).toEqual(['residenceGround', ...Object.keys(GROUNDS[ground]!)].sort());
  });

  const STAY = applyPath('stay-extension');
  const EXPLANATIONS: Record<string, string> = {
    medicalTreatment: 'medicalDetails',
    relativeIllness: 'relativeDetails',
    invitingOrganisation: 'invitationDetails',
    transitStop: 'transitDetails',
    familyMember: 'familyDetails',
  };
  it.each(Object.entries(EXPLANATIONS))('a stay extension on the ground %s asks for its own explanation, %s', async (ground, field) => {
    const agent = await until('stay-extension', stayExtensionSteps(), 'ground');
    const page = parse(await agent.get(`${STAY}/ground`).expect(200));
    // Drawn under its option, inside the option's conditional block.
    expect(page(`input[value="${ground}"]`).closest('.govuk-radios__item').next('.govuk-radios__conditional').find(`textarea[name="${field}"]`).length).toBe(1);
    const empty = await submitForm(agent, `${STAY}/ground`, { ground });
    expect(errorSummary(parse(empty))[0]?.href).toBe(`#${field}`);
    const answered = await submitForm(agent, `${STAY}/ground`, { ground, [field]: 'Because.' });
    expect(answered.status).toBe(303);
    expect((await latestDraft(t.db)).answers.ground).toEqual({ ground, [field]: 'Because.' });
  });

  it('a foreigner staying at a hotel names the organisation, not a person', async () => {
    const REG = applyPath('registration-at-place-of-stay');
    const steps = registrationSteps('foreigner');
    const agent = await until('registration-at-place-of-stay', steps, 'host');
    const missing = await submitForm(agent, `${REG}/host`, { hostKind: 'organisation', hostPhone: '012 555 55 55', hostAgrees: 'yes' });
    expect(errorSummary(parse(missing)).map((error) => error.href)).toEqual(['#organisationName', '#organisationTaxNumber']);
    const answered = await submitForm(agent, `${REG}/host`, { hostKind: 'organisation', organisationName: 'Qafqaz Hotel MMC', organisationTaxNumber: '1234567890', hostName: 'ignored', hostPhone: '012 555 55 55', hostAgrees: 'yes' });
    expect(answered.status).toBe(303);
    expect((await latestDraft(t.db)).answers.host).toEqual({ hostKind: 'organisation', organisationName: 'Qafqaz Hotel MMC', organisationTaxNumber: '1234567890', hostPhone: '012 555 55 55', hostAgrees: 'yes' });
    // A hotel shows no property document: it is asked only when a person hosts.
    await answerStep(agent, REG, steps.find((step) => step.step === 'contact')!);
    const documents = parse(await agent.get(`${REG}/documents`).expect(200));
    expect(documents('input[type=file]').toArray().map((input) => documents(input).attr('name'))).toEqual(['passportPagesWithVisa']);
  });
});
