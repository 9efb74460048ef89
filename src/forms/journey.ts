import type { Field, FieldValues } from './fields/index.js';
import type { AnswerSource, KnownAnswer } from './known-answer.js';
import type { Answers, StepContext, Warning } from './model.js';
import type { FeeValues } from './steps/fee.js';
import type { Step } from './steps/types.js';

/** The accepted values of one step, by its kind: what `z.infer` of its schema gives. */
type StepValuesOf<S> = S extends { kind: 'question'; fields: infer Fs extends readonly import('./fields/index.js').Field[] }
  ? FieldValues<Fs>
  : S extends { kind: 'repeat'; item: infer Fs extends readonly import('./fields/index.js').Field[] }
    ? { items: FieldValues<Fs>[] }
    : S extends { kind: 'fee' }
      ? FeeValues
      : Record<string, never>;

/** A journey's answers, typed from its steps: each step's values, present once the step is done. */
type AnswersOf<S extends readonly Step[]> = { [St in S[number] as St['id']]?: StepValuesOf<St> };

type StepId<S extends readonly Step[]> = S[number]['id'];

/* The names a question step's fields are declared with, its revealed fields' included; any name for other kinds. */
type LiteralName<F> = F extends { readonly name: infer N extends string } ? (string extends N ? never : N) : never;
type RevealedField<F> = F extends { readonly reveal?: infer R } ? (R extends Readonly<Record<string, readonly Field[] | undefined>> ? NonNullable<R[keyof R]>[number] : never) : never;
type FieldName<St> = St extends { kind: 'question'; fields: infer Fs extends readonly Field[] } ? LiteralName<Fs[number]> | LiteralName<RevealedField<Fs[number]>> : string;

/** A field of a step, named by both: a step or a question's field that does not exist is a compile error. */
type FieldRef<S extends readonly Step[] = readonly Step[]> = { [St in S[number] as St['id']]: readonly [St['id'], FieldName<St>] }[StepId<S>];

/**
 * A check across steps, such as a passport valid 3 months beyond the permit asked for. It runs once
 * its own step and every step it uses are done; its error lands on the field of the step that owns it.
 */
interface CrossStepCheck<A = Answers> {
  readonly step: string;
  readonly field: string;
  readonly uses: readonly string[];
  readonly run: (answers: A, context: StepContext) => { code: string; values?: Record<string, string | number> } | null;
}

/** A group of steps: a task on the task list and a card on "check your answers". */
interface Section {
  readonly id: string;
  readonly steps: readonly string[];
}

/** The person's name as their document writes it: surname, given names, and the patronymic where the journey asks it. */
interface NameRefs<Ref = readonly [string, string]> {
  readonly surname: Ref;
  readonly givenNames: Ref;
  readonly patronymic?: Ref;
}

/**
 * Where the person the application is about is named: the columns lookups and officers search by,
 * the name every page, mail and document about the application shows, and what resume checks.
 * Declared by each journey, never guessed from the shape of its steps.
 */
export interface PersonRefs {
  readonly name: NameRefs;
  readonly dateOfBirth: readonly [string, string];
  readonly documentNumber: readonly [string, string];
  /** A field, or the citizenship itself where the service is for citizens of one country only. */
  readonly citizenship: AnswerSource;
  /** Where notices go. */
  readonly email: readonly [string, string];
}

export interface Journey {
  readonly steps: readonly Step[];
  readonly sections: readonly Section[];
  /** When a step is asked, given the answers before it; a step without a condition is always asked. */
  readonly conditions: Readonly<Record<string, (answers: Answers, context: StepContext) => boolean>>;
  readonly checks: readonly CrossStepCheck[];
  readonly person: PersonRefs;
  readonly warnings?: (answers: Answers, context: StepContext) => Warning[];
}

export interface JourneyDefinition<S extends readonly Step[]> {
  steps: S;
  sections: readonly { id: string; steps: readonly StepId<S>[] }[];
  conditions?: { [K in StepId<S>]?: (answers: AnswersOf<S>, context: StepContext) => boolean };
  checks?: readonly (Omit<CrossStepCheck<AnswersOf<S>>, 'step' | 'uses'> & { step: StepId<S>; uses: readonly StepId<S>[] })[];
  person: { name: NameRefs<FieldRef<S>>; dateOfBirth: FieldRef<S>; documentNumber: FieldRef<S>; citizenship: FieldRef<S> | KnownAnswer; email: FieldRef<S> };
  warnings?: (answers: AnswersOf<S>, context: StepContext) => Warning[];
}

/**
 * A journey from its steps. Conditions, checks and warnings see the answers typed from the steps,
 * so a misspelt step or field is a compile error, not a branch that is never taken.
 */
export function defineJourney<const S extends readonly Step[]>(definition: JourneyDefinition<S>): Journey {
  const ids = new Set<string>();
  for (const step of definition.steps) {
    if (ids.has(step.id)) throw new Error(`Two steps are called ${step.id}`);
    ids.add(step.id);
  }
  // Sections cut the list of steps into runs; they neither reorder nor leave out a step.
  const inSections = definition.sections.flatMap((section) => section.steps as readonly string[]).join(' ');
  if (inSections !== [...ids].join(' ')) throw new Error(`Sections must hold every step once, in order: ${inSections}`);
  return {
    steps: definition.steps,
    sections: definition.sections,
    conditions: (definition.conditions ?? {}) as Journey['conditions'],
    checks: (definition.checks ?? []) as readonly CrossStepCheck[],
    person: definition.person as unknown as PersonRefs,
    warnings: definition.warnings as Journey['warnings'],
  };
}

/** A value of a step's answers, read by reference. */
export function answerAt(answers: Answers, [step, field]: readonly [string, string]): unknown {
  return answers[step]?.[field];
}

/** The person's name from the fields the journey names: surname, given names, patronymic, as typed. */
export function personName(person: PersonRefs, answers: Answers): string {
  const { surname, givenNames, patronymic } = person.name;
  return [surname, givenNames, patronymic]
    .map((ref) => (ref ? answerAt(answers, ref) : undefined))
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' ');
}
