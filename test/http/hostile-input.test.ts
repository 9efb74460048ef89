import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findService, SERVICES } from '../../src/catalogue/index.js';
import { walk } from '../../src/forms/engine.js';
import { allFields, type Field } from '../../src/forms/fields/index.js';
import type { TextField } from '../../src/forms/fields/text.js';
import type { QuestionStep } from '../../src/forms/steps/types.js';
import {
  citizenshipAdmissionSteps,
  citizenshipDeterminationSteps,
  citizenshipRenunciationSteps,
  citizenshipRestorationSteps,
  foreignCitizenshipNoticeSteps,
  permanentResidenceSteps,
  registrationSteps,
  serviceRecruitmentSteps,
  stayExtensionSteps,
  temporaryResidenceSteps,
  workPermitExtensionSteps,
  workPermitSteps,
} from '../fixtures/services.js';
import { csrfTokenFrom, errorSummary, parse, type Agent } from '../support/html.js';
import { answerStep, applyPath, type StepAnswer } from '../support/journey.js';
import { fixedClock } from '../support/registration.js';
import { latestDraft } from '../support/rows.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock });
});
afterAll(async () => t.close());

/*
 * The rules for text, stated here again on their own rather than by calling the code that applies
 * them: what a field may refuse, and what an accepted answer must become.
 */
// eslint-disable-next-line no-control-regex -- the rules are about control characters
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFD\uFFFE\uFFFF\uFDD0-\uFDEF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /[\u00AD\u200B\u200E\u200F\u2060\uFEFF]/g;
// eslint-disable-next-line no-control-regex -- NUL cannot be stored by PostgreSQL
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function expectedText(field: TextField, typed: string): { refused: true } | { refused: false; value: string | undefined } {
  if (CONTROL.test(typed) || LONE_SURROGATE.test(typed)) return { refused: true };
  let value = typed.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  if (field.strip) value = value.replace(field.strip, '');
  if (field.uppercase) value = value.toUpperCase();
  if (!value) return field.optional ? { refused: false, value: undefined } : { refused: true };
  if ([...value].length > (field.maxLength ?? 100)) return { refused: true };
  if (field.pattern && !field.pattern.test(value)) return { refused: true };
  if (field.letters && !/\p{L}/u.test(value)) return { refused: true };
  return { refused: false, value };
}

const HOSTILE_PIECES = ['ə', 'Ş', 'ı', 'İ', 'ğ', 'Ё', 'щ', 'Ъ', '😀', '👩‍👩‍👧', '\u200F', '\u200B', '\u202E', '\u2066', '\u0000', '\u001B[31m', '\u0085', '\n', '\r\n', '\t', ' ', '\u00A0', 'a', 'Z', '7', '-', "'", '"', '<script>', '&amp;', '%00', '%FF', '\uD800', '\uDC00', 'e\u0301', '\uFFFD'];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 12 }).map((pieces) => pieces.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('ə'.repeat(10_000), '😀'.repeat(10_000), 'a'.repeat(10_000), `Ш${'\u0000'.repeat(10)}`) },
);

interface Target {
  service: string;
  steps: StepAnswer[];
}

const TARGETS: Target[] = [
  { service: 'registration-at-place-of-stay', steps: registrationSteps('foreigner') },
  { service: 'stay-extension', steps: stayExtensionSteps({ representative: true }) },
  { service: 'temporary-residence-permit', steps: temporaryResidenceSteps() },
  { service: 'work-permit', steps: workPermitSteps() },
  { service: 'permanent-residence-permit', steps: permanentResidenceSteps({ representative: true }) },
  { service: 'work-permit-extension', steps: workPermitExtensionSteps() },
  { service: 'citizenship-determination', steps: citizenshipDeterminationSteps() },
  { service: 'citizenship-admission', steps: citizenshipAdmissionSteps() },
  { service: 'citizenship-restoration', steps: citizenshipRestorationSteps() },
  { service: 'citizenship-renunciation', steps: citizenshipRenunciationSteps({ representative: true }) },
  { service: 'foreign-citizenship-notice', steps: foreignCitizenshipNoticeSteps() },
  { service: 'service-recruitment', steps: serviceRecruitmentSteps() },
];

const ONLINE_APPLICATIONS = SERVICES.filter((service) => service.journey).map((service) => service.id).sort();

const TEXT_TYPES = new Set<Field['type']>(['text', 'longText', 'email', 'phone', 'number']);

/** The text fields of a question step that the fixture's answers show (a revealed field under the chosen option). */
function textFieldsOf(step: QuestionStep, answer: StepAnswer): Field[] {
  return allFields(step.fields).filter((field) => TEXT_TYPES.has(field.type) && answer.fields && field.name in answer.fields);
}

/** A session keeps one CSRF token, so it is read once per page, not once per request. */
async function poster(agent: Agent, url: string) {
  const token = csrfTokenFrom(await agent.get(url));
  return (fields: Record<string, string>) => agent.post(url).type('form').send({ ...fields, _csrf: token, action: 'continue' });
}

it('covers every application service that is online', () => {
  expect(TARGETS.map((target) => target.service).sort()).toEqual(ONLINE_APPLICATIONS);
});

describe.each(TARGETS)('every text field of $service, sent random and hostile strings', ({ service, steps }) => {
  it('answers with the page or a translated error, never a 500, and keeps an accepted answer exactly as the rules say', { timeout: 240_000 }, async () => {
    const journey = findService(service)!.journey!;
    const agent = t.agent();
    await agent.get(`/services/${service}/start?lang=en`).expect(303);
    let checked = 0;
    for (const answer of steps) {
      const step = journey.steps.find((candidate) => candidate.id === answer.step);
      if (step?.kind === 'question') {
        const post = await poster(agent, `${applyPath(service)}/${step.id}`);
        for (const field of textFieldsOf(step, answer)) {
          await fc.assert(
            fc.asyncProperty(hostileString, async (typed) => {
              const response = await post({ ...answer.fields, [field.name]: typed });
              const $ = parse(response);
              // A body over the form limit gets its own translated page; anything else is the step.
              expect([303, 400, 413], `${step.id}.${field.name} ← ${JSON.stringify(typed).slice(0, 80)}`).toContain(response.status);
              if (response.status !== 303) {
                expect($('html').attr('lang')).toBe('en');
                expect($('h1').text().trim().length).toBeGreaterThan(0);
                if (response.status === 400) expect(errorSummary($).length).toBeGreaterThan(0);
                expect(response.text).not.toMatch(/\b(forms|common|services\/[\w-]+):[a-z]/);
              }
              const draft = await latestDraft(t.db);
              const accepted = walk(journey, draft.answers, '2026-11-24').answers[step.id]?.[field.name];
              if (field.type === 'text') {
                const rule = expectedText(field as TextField, typed);
                if (response.status !== 413) expect(response.status === 303, `refused ${JSON.stringify(typed).slice(0, 80)}`).toBe(!rule.refused);
                if (response.status === 303 && !rule.refused) expect(accepted).toBe(rule.value);
              }
              if (response.status === 303) {
                // What was typed is kept as typed in the draft (but for NUL and half surrogates, which PostgreSQL
                // cannot hold), and nothing accepted holds a control character.
                expect(draft.answers[step.id][field.name]).toBe(typed.replace(UNSTORABLE, '\uFFFD'));
                if (typeof accepted === 'string') expect(accepted).not.toMatch(CONTROL);
                if (field.type === 'phone') expect(accepted).toMatch(/^\+[1-9]\d{6,14}$/);
                if (field.type === 'number') expect(Number.isInteger(accepted)).toBe(true);
              }
            }),
            { numRuns: 10, seed: 20261125 },
          );
          checked += 1;
          // Put the valid answer back before the next field or step.
          await post(answer.fields!);
        }
      }
      await answerStep(agent, applyPath(service), answer);
    }
    expect(checked).toBeGreaterThan(5);
  });
});
