import { ageOn } from '../../time/calendar.js';
import { radios, text } from '../../forms/fields/index.js';
import { DEFAULT_DOCUMENT } from '../types.js';
import { question } from '../../forms/steps/question.js';
import { fieldsOf } from '../../http/fields.js';

/** The age of majority: an adult applies for themselves. */
export const ADULT_AGE = 18;

/** Any service's answers, read here by step id alone: the helpers serve journeys of every shape. */
type AnyAnswers = Readonly<Record<string, unknown>>;

function valueOf(answers: AnyAnswers, step: string, field: string): unknown {
  return fieldsOf(answers[step])[field];
}

/** A parent or guardian applies for a child (the "who applies" step's answer). */
export function representativeApplies(answers: AnyAnswers): boolean {
  return valueOf(answers, 'who-applies', 'applicantType') === 'representative';
}

/**
 * A parent or guardian applies only for a child; an adult applies for themselves. The check across
 * steps that says so, on the date of birth of the step that names the person.
 */
function onlyForAChild<const Step extends string>(step: Step) {
  return {
    step,
    field: 'dateOfBirth',
    uses: ['who-applies'] as const,
    run: (answers: AnyAnswers, { today }: { today: string }) =>
      representativeApplies(answers) && ageOn(String(valueOf(answers, step, 'dateOfBirth')), today) >= ADULT_AGE ? { code: 'notAMinor' } : null,
  };
}

/** "Who is applying": the person themselves, or a parent or guardian for a child. Words are the service's own. */
function whoAppliesStep() {
  return question('who-applies', [radios('applicantType', ['self', 'representative'])]);
}

const representativeName = text('representativeName', { maxLength: 150, letters: true, autocomplete: 'name' });
const representativeRole = radios('representativeRole', ['mother', 'father', 'guardian']);

/** The parent or guardian's own identity; the proof that they represent the child is one of the documents. */
function representativeStep() {
  return question('representative', [
    representativeName,
    text('representativeFin', { uppercase: true, strip: /[\s-]/g, pattern: /^[0-9A-Z]{7}$/, width: '10', spellcheck: false }),
    representativeRole,
  ]);
}

/** A stay extension has asked the parent or guardian's name and role alone since it opened: its stored answers have no FIN. */
function representativeStepWithoutFin() {
  return question('representative', [representativeName, representativeRole]);
}

const APPLICANT_SECTION = { id: 'applicant', steps: ['who-applies', 'representative'] } as const;

/**
 * The whole "who applies" block, as a journey takes it apart: its two steps (first in the journey),
 * their section, the condition that asks the second only of a parent or guardian, and the check that
 * the person named in `personStep` is then a child.
 */
export function whoApplies<const Person extends string>(personStep: Person, options: { representativeFin?: boolean } = {}) {
  return {
    steps: [whoAppliesStep(), options.representativeFin === false ? representativeStepWithoutFin() : representativeStep()] as const,
    section: APPLICANT_SECTION,
    conditions: { representative: representativeApplies },
    checks: [onlyForAChild(personStep)] as const,
  };
}

/** The document a parent or guardian uploads to show they represent the child. */
export const REPRESENTATION_PROOF = { id: 'representationProof', required: true, ...DEFAULT_DOCUMENT, maxFiles: 2 } as const;

/** Reasons, explanations and life stories are never cut short: a short limit makes people leave things out. */
export const LONG_ANSWER = { maxLength: 5000, rows: 8 } as const;
