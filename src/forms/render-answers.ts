import { fieldModule, visibleFields, type Field } from './fields/index.js';
import { escapeHtml } from './fields/shared.js';
import type { SummaryValue } from './fields/types.js';
import type { Answers, StepValues } from './model.js';
import type { JourneyService } from './service.js';
import type { FeeValues } from './steps/fee.js';
import { feeFields } from './steps/fee.js';
import { USE_EARLIER } from './steps/prefill.js';
import type { Step } from './steps/types.js';
import { fieldWords, serviceNamespace, stepKeys, type Reader } from './words.js';

interface SummaryRow {
  key: { text: string };
  value: SummaryValue;
}

export interface SummaryCard {
  title: string;
  /** Where "Change" leads: the section's first step, in change mode. Absent where nothing can change. */
  changeHref?: string;
  rows: SummaryRow[];
}

function fieldRows(service: JourneyService, step: Step, fields: readonly Field[], values: StepValues, answers: Answers, reader: Reader): SummaryRow[] {
  const scope = { service: service.id, step: step.id };
  return visibleFields(fields, values, answers).map((field) => {
    const words = fieldWords(reader, scope, field.name);
    const value = values[field.name];
    const empty = value === undefined || (Array.isArray(value) && !value.length);
    return {
      // Labels without "(optional)": here it would only say that the field could have been left empty.
      key: { text: fieldModule(field).label?.(field, words, reader) ?? words.label() },
      value: empty ? { text: reader.t('forms:notProvided') } : fieldModule(field).summary(field, value, words, reader),
    };
  });
}

function repeatRows(service: JourneyService, step: Extract<Step, { kind: 'repeat' }>, values: StepValues, answers: Answers, reader: Reader): SummaryRow[] {
  const items = (values.items as StepValues[] | undefined) ?? [];
  return items.map((item, index) => {
    const lines = fieldRows(service, step, step.item, item, answers, reader).map((row) => {
      const value = 'text' in row.value ? escapeHtml(row.value.text) : row.value.html;
      return `${escapeHtml(row.key.text)}: ${value}`;
    });
    return {
      key: { text: reader.t(stepKeys(service.id, step.id, step.block, 'itemTitle'), { number: index + 1 }) },
      value: { html: lines.join('<br>') },
    };
  });
}

function feeRows(service: JourneyService, step: Extract<Step, { kind: 'fee' }>, values: FeeValues, answers: Answers, reader: Reader): SummaryRow[] {
  const asked = feeFields(step);
  const choices = fieldRows(service, step, asked, values, answers, reader);
  const amount = reader.formatMoney(values.amount);
  return [
    ...choices,
    {
      key: { text: reader.t('forms:fee.amount') },
      value: { text: values.reduction ? `${amount} (${reader.t(`forms:fee.reductions.${values.reduction}`)})` : amount },
    },
    { key: { text: reader.t('forms:fee.decisionBy') }, value: { text: reader.formatDate(values.dueDate) } },
  ];
}

export function stepRows(service: JourneyService, step: Step, answers: Answers, reader: Reader): SummaryRow[] {
  const values = answers[step.id];
  if (!values) return [];
  switch (step.kind) {
    case 'question':
      return fieldRows(service, step, step.fields, values, answers, reader);
    case 'repeat':
      return repeatRows(service, step, values, answers, reader);
    case 'fee':
      return feeRows(service, step, values as unknown as FeeValues, answers, reader);
    case 'prefill':
      return fieldRows(service, step, [USE_EARLIER], values, answers, reader);
    case 'notice':
    case 'exit':
      return [];
  }
}

export function sectionTitle(service: JourneyService, sectionId: string, reader: Reader): string {
  return reader.t([`${serviceNamespace(service.id)}:sections.${sectionId}`, `forms:sections.${sectionId}`]);
}

/**
 * An application's answers as summary cards, one per section, in the reader's language: what
 * "check your answers" shows now, and what the case page, emails and PDFs show later. Steps not
 * on the applicant's path have no answers and show nothing.
 */
export function renderAnswers(service: JourneyService, answers: Answers, reader: Reader, options: { changeBase?: string } = {}): SummaryCard[] {
  const journey = service.journey;
  if (!journey) return [];
  const cards: SummaryCard[] = [];
  for (const section of journey.sections) {
    const steps = section.steps.map((id) => journey.steps.find((step) => step.id === id)!).filter((step) => answers[step.id]);
    const rows = steps.flatMap((step) => stepRows(service, step, answers, reader));
    if (!rows.length) continue;
    cards.push({
      title: sectionTitle(service, section.id, reader),
      changeHref: options.changeBase ? `${options.changeBase}/${steps[0]!.id}?change=1` : undefined,
      rows,
    });
  }
  return cards;
}

/**
 * A summary value as plain text, for a document or a mail: a line break for each `<br>`, the
 * characters `escapeHtml` wrote as entities written back, no tag left.
 */
export function summaryText(value: SummaryValue): string {
  if ('text' in value) return value.text;
  return value.html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_match, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&(amp|lt|gt|quot);/g, (_match, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[name]!);
}
