import type { Journey } from './journey.js';
import type { Answers, FieldError, RawAnswers, RawStep, StepContext, StepResult } from './model.js';
import { validateFee } from './steps/fee.js';
import { validateExit, validateNotice } from './steps/notice.js';
import { validatePrefill } from './steps/prefill.js';
import { validateFields } from './steps/question.js';
import { validateRepeat } from './steps/repeat.js';
import type { Step } from './steps/types.js';

export const CHECK_ANSWERS = 'check';

export interface Progress {
  /** Steps the applicant passes through, in order, up to the first one not finished. */
  path: Step[];
  /** The first step without valid answers, or null when every step on the path is done. */
  firstUnfinished: Step | null;
  /** Errors of that step when it has been answered but wrongly (never for an untouched step). */
  errors: FieldError[];
  /** Accepted values of every finished step on the path, by step id. */
  answers: Answers;
}

function validateStep(step: Step, raw: RawStep | undefined, context: StepContext): StepResult {
  switch (step.kind) {
    case 'question':
      return validateFields(step.fields, raw, context, step.check);
    case 'repeat':
      return validateRepeat(step, raw, context);
    case 'fee':
      return validateFee(step, raw, context);
    case 'notice':
      return validateNotice(raw);
    case 'exit':
      return validateExit();
    case 'prefill':
      return validatePrefill(raw, context);
  }
}

export function stepById(journey: Journey, id: string): Step | undefined {
  return journey.steps.find((step) => step.id === id);
}

function isAsked(journey: Journey, step: Step, answers: Answers, today: string): boolean {
  return journey.conditions[step.id]?.(answers, { today, answers }) ?? true;
}

/** Where a walk begins: at a step of the journey, with the path and answers of the steps before it. */
interface WalkStart {
  from: number;
  path: readonly Step[];
  answers: Answers;
}

const FROM_FIRST_STEP: WalkStart = { from: 0, path: [], answers: {} };

/**
 * Walks the journey from its first step with what is saved. A step not asked on this path (after a
 * change of who applies) keeps its saved answers in the draft but counts for nothing. Errors are
 * told only for a step the applicant has sent (`touched`), never for one merely opened.
 */
export function walk(
  journey: Journey,
  raw: RawAnswers,
  today: string,
  touched: (stepId: string) => boolean = (id) => !!raw[id],
  start: WalkStart = FROM_FIRST_STEP,
): Progress {
  const path: Step[] = [...start.path];
  const answers: Answers = { ...start.answers };
  // The checks of the steps before the start have run and passed: the walk would have stopped there otherwise.
  const pending = journey.checks.filter((check) => !answers[check.step] || !check.uses.every((id) => answers[id]));
  for (const step of journey.steps.slice(start.from)) {
    if (!isAsked(journey, step, answers, today)) continue;
    path.push(step);
    const result = validateStep(step, raw[step.id], { today, answers });
    if (!result.ok) return { path, firstUnfinished: step, errors: touched(step.id) ? result.errors : [], answers };
    answers[step.id] = result.values;
    // A check across steps runs once everything it reads is done, and sends the applicant back to its field.
    for (const check of [...pending]) {
      if (!answers[check.step] || !check.uses.every((id) => answers[id])) continue;
      pending.splice(pending.indexOf(check), 1);
      const failure = check.run(answers, { today, answers });
      if (failure) {
        const owner = path.find((candidate) => candidate.id === check.step)!;
        delete answers[check.step];
        return { path, firstUnfinished: owner, errors: [{ field: check.field, code: failure.code, values: failure.values }], answers };
      }
    }
  }
  return { path, firstUnfinished: null, errors: [], answers };
}

/** A walk and what it read: the answers as saved, and with the draft's files. */
export interface Walked {
  saved: RawAnswers;
  raw: RawAnswers;
  progress: Progress;
}

/**
 * Walks the saved answers. Given the walk before a save, the steps before the first one whose
 * answers changed are taken from it rather than validated again: a step depends only on those before it.
 */
export function walkSaved(journey: Journey, saved: RawAnswers, raw: RawAnswers, today: string, earlier?: Walked): Walked {
  const start = earlier ? unchangedStart(journey, earlier, { saved, raw }) : FROM_FIRST_STEP;
  if ('unchanged' in start) return { saved, raw, progress: start.unchanged };
  return { saved, raw, progress: walk(journey, raw, today, (id) => !!saved[id], start) };
}

function unchangedStart(journey: Journey, earlier: Walked, now: Omit<Walked, 'progress'>): WalkStart | { unchanged: Progress } {
  const same = (id: string) => JSON.stringify([earlier.saved[id], earlier.raw[id]]) === JSON.stringify([now.saved[id], now.raw[id]]);
  const from = journey.steps.findIndex((step) => !same(step.id));
  if (from === -1) return { unchanged: earlier.progress };
  // The earlier walk must have passed every step before the change: it stops at the first unfinished one.
  const { path, firstUnfinished, answers } = earlier.progress;
  if (firstUnfinished && journey.steps.indexOf(firstUnfinished) < from) return FROM_FIRST_STEP;
  const before = path.filter((step) => journey.steps.indexOf(step) < from);
  return { from, path: before, answers: Object.fromEntries(before.map((step) => [step.id, answers[step.id]!])) };
}
