import type { Progress } from './engine.js';
import { displayValue, type ViewLocals } from './view-model.js';

export interface SummarySection {
  title: string;
  rows: { key: { text: string }; value: { text: string }; actions: { items: { href: string; text: string; visuallyHiddenText: string }[] } }[];
}

/** "Check your answers": one list per step on the applicant's path, each row with a change link. */
export function summaryOf(progress: Progress, locals: ViewLocals, base: string): SummarySection[] {
  return progress.path.map((step) => ({
    title: locals.t(`forms:steps.${step.id}.title`),
    rows: step.fields.map((field) => {
      const label = locals.t(`forms:fields.${field.name}.label`);
      return {
        key: { text: label },
        value: { text: displayValue(field, progress.answers[field.name] ?? '', locals) },
        actions: {
          items: [{ href: `${base}/${step.id}?change=1#${field.name}`, text: locals.t('forms:change'), visuallyHiddenText: label }],
        },
      };
    }),
  }));
}
