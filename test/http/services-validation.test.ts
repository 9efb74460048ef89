import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findService, SERVICES } from '../../src/catalogue/index.js';
import type { Field } from '../../src/forms/fields/index.js';
import type { Step } from '../../src/forms/steps/types.js';
import { fieldKeys } from '../../src/forms/words.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { citizenshipAdmissionSteps, citizenshipDeterminationSteps, citizenshipRenunciationSteps, foreignCitizenshipNoticeSteps, permanentResidenceSteps, registrationSteps, serviceRecruitmentSteps, stayExtensionSteps, temporaryResidenceSteps, validApplication, workPermitExtensionSteps, workPermitSteps } from '../fixtures/services.js';
import { errorSummary, parse, submitForm, type Agent } from '../support/html.js';
import { answerStep, applyPath, dateFields, sendFiles, type StepAnswer } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

const i18n = createI18n();

/** The fields of a question step that every path asks and none may skip: those a loop leaves empty. */
function mustAnswer(step: Step | undefined): Field[] {
  return step?.kind === 'question' ? step.fields.filter((field) => !field.optional && !field.when) : [];
}

/** A step's posted answers with fields left empty, a date's day, month and year all blank. */
function withEmpty(fields: Record<string, string> | undefined, names: readonly string[]): Record<string, string> {
  const isEmptied = (key: string) => names.some((name) => key === name || key.startsWith(`${name}-`));
  const posted = Object.entries(fields ?? {}).filter(([key]) => !isEmptied(key));
  return { ...Object.fromEntries(posted), ...Object.fromEntries(names.map((name) => [name, ''])) };
}

/** Sends a step with its fields left empty: the form's fields, or a page of files with none chosen. */
async function sendEmpty(agent: Agent, service: string, answer: StepAnswer, fields: readonly Field[]) {
  const url = `${applyPath(service)}/${answer.step}`;
  const names = fields.map((field) => field.name);
  if (fields.some((field) => field.type === 'file')) return sendFiles(agent, url, [], 'continue', withEmpty(answer.fields, names));
  return submitForm(agent, url, { ...withEmpty(answer.fields, names), action: 'continue' });
}

/*
 * A loop over the catalogue: on the way through each service's valid application (its fixture), every
 * question step is first sent with each field it must have left empty, refused in the page's language
 * with each field's own words, then answered. A new service is checked here from its definition and fixture.
 */
describe.each(['en', 'az', 'ru'] as const)('every question step of every application service refuses missing answers, in %s', (lang) => {
  const applicationServices = SERVICES.filter((service) => service.journey);

  it.each(applicationServices.map((service) => ({ id: service.id, service })))('$id', async ({ id, service }) => {
    const { steps } = validApplication(id);
    const agent = t.agent();
    await agent.get(`/services/${id}/start?lang=${lang}`).expect(303);
    let refused = 0;
    for (const answer of steps) {
      const fields = mustAnswer(service.journey!.steps.find((step) => step.id === answer.step));
      if (fields.length) {
        const response = await sendEmpty(agent, id, answer, fields);
        expect(response.status, `${id} / ${answer.step}`).toBe(400);
        const $ = parse(response);
        expect($('html').attr('lang')).toBe(lang);
        const summary = errorSummary($);
        for (const field of fields) {
          const where = `${id} / ${answer.step} / ${field.name}`;
          const error = summary.find((entry) => entry.href === `#${field.name}` || entry.href.startsWith(`#${field.name}-`));
          expect(error, `${where}: in the error summary`).toBeDefined();
          expect($(error!.href).length, `${where}: ${error!.href} is on the page`).toBe(1);
          expect(error!.text, where).toBe(wordsFor(lang, id, answer.step, field.name, field.type === 'file' ? 'fileRequired' : 'required', {}));
          expect(error!.text, where).not.toMatch(/^(forms|services)[:.]/);
          refused += 1;
        }
      }
      await answerStep(agent, applyPath(id), answer);
    }
    expect(refused, `${id}: fields refused on the way`).toBeGreaterThan(0);
  });
});

interface Case {
  service: string;
  steps: StepAnswer[];
  step: string;
  /** On a repeat step: the item page answered, from the fixture's item of that number. */
  item?: number;
  change: Record<string, string>;
  /** The field the error is on, its code, and where the summary links. */
  field: string;
  code: string;
  href: string;
  en: string;
}

/**
 * Refused answers the loop above does not make by leaving a field empty: codes of their own (formats,
 * dates, numbers, lengths), values not on a list, blank-looking text, revealed fields, fee steps,
 * items of repeats, and steps off the path of a service's fixture.
 */
const CASES: Case[] = [
  ...(() => {
    const steps = citizenshipAdmissionSteps();
    const service = 'citizenship-admission';
    return <Case[]>[
      { service, steps, step: 'residence', change: { yearsOfLegalResidence: 'six' }, field: 'yearsOfLegalResidence', code: 'wholeNumber', href: '#yearsOfLegalResidence', en: 'Enter the number of years in digits, for example 6' },
    ];
  })(),
  ...(() => {
    const steps = citizenshipDeterminationSteps();
    const service = 'citizenship-determination';
    return <Case[]>[
      { service, steps, step: 'birth', change: { birthCertificateNumber: 'A1' }, field: 'birthCertificateNumber', code: 'format', href: '#birthCertificateNumber', en: 'The birth certificate number must be 4 to 20 letters or numbers' },
    ];
  })(),
  ...(() => {
    const steps = citizenshipRenunciationSteps({ representative: true });
    const service = 'citizenship-renunciation';
    return <Case[]>[
      { service, steps, step: 'who-applies', change: { applicantType: 'someone' }, field: 'applicantType', code: 'required', href: '#applicantType', en: 'Select who is applying' },
      { service, steps, step: 'representative', change: { representativeFin: 'ABC' }, field: 'representativeFin', code: 'format', href: '#representativeFin', en: 'The FIN must be 7 letters or numbers' },
      // Azerbaijan is not on the list of other countries; sent anyway, it is refused as no answer.
      { service, steps, step: 'other-citizenship', change: { otherCountry: 'AZ' }, field: 'otherCountry', code: 'required', href: '#otherCountry', en: 'Select the country' },
      { service, steps, step: 'reasons', change: { reasons: '   ' }, field: 'reasons', code: 'required', href: '#reasons', en: 'Write why you want to give up Azerbaijani citizenship' },
    ];
  })(),
  ...(() => {
    const steps = foreignCitizenshipNoticeSteps();
    const service = 'foreign-citizenship-notice';
    return <Case[]>[
      { service, steps, step: 'citizen', change: { fin: '12' }, field: 'fin', code: 'format', href: '#fin', en: 'The FIN must be 7 letters or numbers' },
      { service, steps, step: 'foreign-citizenship', change: { foreignCitizenship: 'AZ' }, field: 'foreignCitizenship', code: 'required', href: '#foreignCitizenship', en: 'Select the country whose citizenship you took' },
      { service, steps, step: 'foreign-passport', change: { documentNumber: 'AB!' }, field: 'documentNumber', code: 'format', href: '#documentNumber', en: 'The travel document number must be 5 to 20 letters or numbers' },
    ];
  })(),
  ...(() => {
    const steps = permanentResidenceSteps({ representative: true });
    const service = 'permanent-residence-permit';
    return <Case[]>[
      { service, steps, step: 'application-type', change: { temporaryPermitNumber: '' }, field: 'temporaryPermitNumber', code: 'required', href: '#temporaryPermitNumber', en: 'Enter the number of the temporary residence permit' },
      { service, steps, step: 'identity', change: dateFields('dateOfBirth', '1990-03-27'), field: 'dateOfBirth', code: 'notAMinor', href: '#dateOfBirth-day', en: 'A parent or guardian can apply only for a child under 18. This person is 18 or over and must apply for themselves' },
      { service, steps, step: 'residence', change: { daysAbroad: '200' }, field: 'daysAbroad', code: 'tooBig', href: '#daysAbroad', en: 'The number of days cannot be more than 180' },
      { service, steps, step: 'has-family', change: { hasFamily: 'maybe' }, field: 'hasFamily', code: 'required', href: '#hasFamily', en: 'Select yes if you have family' },
    ];
  })(),
  ...(() => {
    const steps = permanentResidenceSteps();
    const service = 'permanent-residence-permit';
    return <Case[]>[
      { service, steps, step: 'language-test', change: { testStatus: 'passed', 'testDate-year': '2027' }, field: 'testDate', code: 'future', href: '#testDate-day', en: 'The date must be today or in the past' },
    ];
  })(),
  ...(() => {
    const steps = registrationSteps('foreigner');
    const service = 'registration-at-place-of-stay';
    return <Case[]>[
      { service, steps, step: 'who-applies', change: { applicantType: 'nobody' }, field: 'applicantType', code: 'required', href: '#applicantType', en: 'Select who is applying' },
      { service, steps, step: 'identity', change: { citizenship: 'XX' }, field: 'citizenship', code: 'required', href: '#citizenship', en: 'Select the citizenship, or stateless person' },
      // A foreigner's citizenship is never Azerbaijan's; a crafted "AZ" is refused like any answer not on the list.
      { service, steps, step: 'identity', change: { citizenship: 'AZ' }, field: 'citizenship', code: 'required', href: '#citizenship', en: 'Select the citizenship, or stateless person' },
      { service, steps, step: 'travel-document', change: { documentNumber: 'AB!' }, field: 'documentNumber', code: 'format', href: '#documentNumber', en: 'The travel document number must be 5 to 20 letters or numbers' },
      { service, steps, step: 'entry', change: { visaType: 'visa', visaNumber: '' }, field: 'visaNumber', code: 'required', href: '#visaNumber', en: 'Enter the visa number' },
      { service, steps, step: 'address', change: { postcode: '12' }, field: 'postcode', code: 'format', href: '#postcode', en: 'Enter a postcode like AZ1000' },
      { service, steps, step: 'host', change: { hostKind: 'person', hostFin: '12' }, field: 'hostFin', code: 'format', href: '#hostFin', en: 'The FIN must be 7 letters or numbers' },
      { service, steps, step: 'contact', change: { phone: '050 123' }, field: 'phone', code: 'phone', href: '#phone', en: 'Enter a phone number, like 050 123 45 67 or +994 50 123 45 67' },
    ];
  })(),
  ...(() => {
    const steps = stayExtensionSteps({ representative: true });
    const service = 'stay-extension';
    return <Case[]>[
      { service, steps, step: 'representative', change: { representativeName: '12345' }, field: 'representativeName', code: 'noLetters', href: '#representativeName', en: 'Your name must contain letters' },
      { service, steps, step: 'identity', change: { 'dateOfBirth-month': '13' }, field: 'dateOfBirth', code: 'invalid', href: '#dateOfBirth-month', en: 'Enter a real date, for example 27 3 1990' },
      { service, steps, step: 'travel-document', change: dateFields('documentExpiryDate', '2026-01-01'), field: 'documentExpiryDate', code: 'past', href: '#documentExpiryDate-day', en: 'The travel document has expired. A valid travel document is needed to apply' },
      { service, steps, step: 'current-stay', change: dateFields('stayEndDate', '2026-11-01'), field: 'stayEndDate', code: 'past', href: '#stayEndDate-day', en: 'Your permitted stay has already ended. You cannot extend it online: contact the State Migration Service' },
      { service, steps, step: 'ground', change: { ground: 'transitStop', transitDetails: ' ' }, field: 'transitDetails', code: 'required', href: '#transitDetails', en: 'Tell us why you had to stop' },
      { service, steps, step: 'fee', change: { period: 'days90' }, field: 'period', code: 'required', href: '#period', en: 'Select how much longer you need to stay' },
      { service, steps, step: 'contact', change: { email: 'name@' }, field: 'email', code: 'email', href: '#email', en: 'Enter an email address in the correct format, like name@example.com' },
    ];
  })(),
  ...(() => {
    const steps = temporaryResidenceSteps();
    const service = 'temporary-residence-permit';
    return <Case[]>[
      { service, steps, step: 'application-type', change: { applicationType: 'extension', currentPermitNumber: '' }, field: 'currentPermitNumber', code: 'required', href: '#currentPermitNumber', en: 'Enter the number of your current permit' },
      { service, steps, step: 'identity', change: { sex: 'other' }, field: 'sex', code: 'required', href: '#sex', en: 'Select the sex as shown in the travel document' },
      { service, steps, step: 'travel-document', change: { documentCountry: '' }, field: 'documentCountry', code: 'required', href: '#documentCountry', en: 'Select the country that issued the document' },
      { service, steps, step: 'ground', change: { residenceGround: 'companyHead', companyName: 'X', companyTaxNumber: '123' }, field: 'companyTaxNumber', code: 'format', href: '#companyTaxNumber', en: 'The tax number (VÖEN) must be 10 digits' },
      { service, steps, step: 'address', change: { city: 'atlantis' }, field: 'city', code: 'required', href: '#city', en: 'Select the city or district' },
      { service, steps, step: 'housing', change: { housing: 'hosted', hostAgrees: '' }, field: 'hostAgrees', code: 'required', href: '#hostAgrees', en: 'Confirm that the owner agrees' },
      { service, steps, step: 'fee', change: { speed: 'fastest' }, field: 'speed', code: 'required', href: '#speed', en: 'Select how fast you need a decision' },
      { service, steps, step: 'contact', change: { preferredLanguage: 'fr' }, field: 'preferredLanguage', code: 'required', href: '#preferredLanguage', en: 'Select a language' },
    ];
  })(),
  ...(() => {
    const steps = workPermitExtensionSteps();
    const service = 'work-permit-extension';
    return <Case[]>[
      { service, steps, step: 'permit', change: dateFields('permitEndDate', '2026-11-01'), field: 'permitEndDate', code: 'past', href: '#permitEndDate-day', en: 'The work permit has already ended and cannot be extended. Apply for a new work permit' },
      { service, steps, step: 'fee', change: { speed: '' }, field: 'speed', code: 'required', href: '#speed', en: 'Select how fast you need a decision' },
    ];
  })(),
  ...(() => {
    const steps = workPermitSteps();
    const service = 'work-permit';
    return <Case[]>[
      { service, steps, step: 'exemptions', change: { workerExemptions: 'none,spouseOfCitizen' }, field: 'workerExemptions', code: 'exclusive', href: '#workerExemptions', en: 'Select either one or more of the options, or ‘None of these’, not both' },
      { service, steps, step: 'employer', change: { organisationTaxNumber: '12345' }, field: 'organisationTaxNumber', code: 'format', href: '#organisationTaxNumber', en: 'The tax number (VÖEN) must be 10 digits' },
      { service, steps, step: 'worker-document', change: { 'documentIssueDate-year': '2027' }, field: 'documentIssueDate', code: 'future', href: '#documentIssueDate-day', en: 'The date of issue must be today or in the past' },
      { service, steps, step: 'position', change: { monthlySalary: 'a lot' }, field: 'monthlySalary', code: 'wholeNumber', href: '#monthlySalary', en: 'Enter the salary as a whole number, using digits only' },
      { service, steps, step: 'need', change: { foreignWorkerReason: 'x'.repeat(5001) }, field: 'foreignWorkerReason', code: 'tooLong', href: '#foreignWorkerReason', en: 'The answer must be 5000 characters or fewer' },
      { service, steps, step: 'fee', change: { period: '' }, field: 'period', code: 'required', href: '#period', en: 'Select how long you need the permit for' },
    ];
  })(),
  ...(() => {
    const steps = serviceRecruitmentSteps();
    const service = 'service-recruitment';
    return <Case[]>[
      { service, steps, step: 'applicant', change: dateFields('dateOfBirth', '2010-01-01'), field: 'dateOfBirth', code: 'underAge', href: '#dateOfBirth-day', en: 'You can apply to serve in the migration bodies from the age of 18' },
      { service, steps, step: 'military-service', change: dateFields('militaryServiceTo', '2017-01'), field: 'militaryServiceTo', code: 'beforeStart', href: '#militaryServiceTo-month', en: 'The end of service cannot be before its start' },
      { service, steps, step: 'education', item: 1, change: dateFields('studyEnd', '2019-06'), field: 'studyEnd', code: 'beforeStart', href: '#studyEnd-month', en: 'The finish cannot be before the start' },
      { service, steps, step: 'languages', item: 1, change: { languageName: '123' }, field: 'languageName', code: 'noLetters', href: '#languageName', en: 'The name of the language must contain letters' },
      { service, steps, step: 'position', change: { motivation: '  ' }, field: 'motivation', code: 'required', href: '#motivation', en: 'Write why you want to serve in the migration bodies' },
    ];
  })(),
];

/** The message a language gives for a field's error, along the same chain the pages use. */
function wordsFor(lang: string, service: string, step: string, field: string, code: string, values: Record<string, unknown>): string {
  return i18n.getFixedT(lang)([...fieldKeys({ service, step }, field, `errors.${code}`), `forms:errors.${code}`], values);
}

async function atStep(service: string, steps: StepAnswer[], stop: string, lang: string): Promise<Agent> {
  const agent = t.agent();
  await agent.get(`/services/${service}/start?lang=${lang}`).expect(303);
  for (const step of steps) {
    if (step.step === stop) break;
    await answerStep(agent, applyPath(service), step);
  }
  return agent;
}

describe.each(['en', 'az', 'ru'] as const)('a refused answer with a code or value of its own, in %s', (lang) => {
  it.each(CASES.map((entry) => ({ ...entry, name: `${entry.service} / ${entry.step}${entry.item ? ` / ${entry.item}` : ''}` })))('$name', async ({ service, steps, step, item, change, field, code, href, en }) => {
    expect(findService(service)!.journey!.steps.some((candidate) => candidate.id === step)).toBe(true);
    const agent = await atStep(service, steps, step, lang);
    const answer = steps.find((candidate) => candidate.step === step)!;
    const fields: Record<string, string | string[]> = { ...(item ? answer.items![item - 1] : answer.fields), ...change };
    if (change.workerExemptions) fields.workerExemptions = change.workerExemptions.split(',');
    const response = await submitForm(agent, `${applyPath(service)}/${item ? `${step}/${item}` : step}`, fields as Record<string, string>);
    expect(response.status).toBe(400);
    const $ = parse(response);
    expect($('html').attr('lang')).toBe(lang);
    const [error] = errorSummary($);
    expect(error?.href).toBe(href);
    expect($(href).length, `${href} is on the page`).toBe(1);
    const values = { max: 5000 };
    if (lang === 'en') expect(error?.text).toBe(en);
    else {
      expect(error?.text).toBe(wordsFor(lang, service, step, field, code, values));
      expect(error?.text).not.toBe(en);
      expect(error?.text).not.toMatch(/^(forms|services)/);
    }
    // What was typed is still there.
    for (const [name, value] of Object.entries(change)) {
      if (typeof value === 'string' && value && !name.includes('-') && $(`input[name="${name}"][type="text"], textarea[name="${name}"]`).length) {
        expect($(`[name="${name}"]`).val()).toBe(value);
      }
    }
  });
});
