import { errorList, fieldViews } from '../field-views.js';
import { fieldModule, radios } from '../fields/index.js';
import { escapeHtml } from '../fields/shared.js';
import { fieldWords, stepKeys } from '../words.js';
import type { FieldError, RawStep } from '../model.js';
import { keepVisible, readFields } from '../steps/question.js';
import { rawRepeat, validateItem, type RawRepeat, type RepeatStep } from '../steps/repeat.js';
import { actionOf, proceed, renderStep, type StepPage } from './step-page.js';
import { fieldsOf } from '../../http/fields.js';

/** "Is there another?", asked on the list page under the step's own words. */
const MORE = radios('more', ['yes', 'no'], { inline: true });

function repeatOf(page: StepPage<RepeatStep>): { step: RepeatStep; list: RawRepeat } {
  return { step: page.step, list: rawRepeat(page.state.raw[page.step.id]) };
}

function listHref(page: StepPage<RepeatStep>, suffix = ''): string {
  return `${page.state.base}/${page.step.id}${suffix}${page.changing ? '?change=1' : ''}`;
}

function itemTitle(page: StepPage<RepeatStep>, number: number): string {
  const { step } = page;
  return page.reader.t(stepKeys(page.state.service.id, step.id, step.block, 'itemTitle'), { number });
}

async function saveList(page: StepPage<RepeatStep>, list: RawRepeat): Promise<void> {
  await page.state.save(page.step.id, { items: list.items, done: !!list.done });
}

/** An item in the list: named by its first answers, or marked as not finished. */
function describe(page: StepPage<RepeatStep>, step: RepeatStep, item: RawStep): { html: string } {
  const context = { today: page.state.today, answers: page.state.progress.answers };
  const result = validateItem(step, item, context);
  if (!result.ok) return { html: `<strong class="govuk-tag govuk-tag--red">${escapeHtml(page.reader.t('forms:repeat.incomplete'))}</strong>` };
  const scope = { service: page.state.service.id, step: step.id };
  const names = step.describedBy ?? step.item.slice(0, 2).map((field) => field.name);
  const parts = names.flatMap((name) => {
    const field = step.item.find((candidate) => candidate.name === name);
    const value = result.values[name];
    if (!field || value === undefined) return [];
    const summary = fieldModule(field).summary(field, value, fieldWords(page.reader, scope, name), page.reader);
    return ['text' in summary ? escapeHtml(summary.text) : summary.html];
  });
  return { html: parts.join('<br>') };
}

function renderList(page: StepPage<RepeatStep>, errors: readonly FieldError[], typedMore?: string): void {
  const { step, list } = repeatOf(page);
  const scope = { service: page.state.service.id, step: step.id };
  const input = { scope, reader: page.reader, raw: { more: typedMore ?? '' }, errors, answers: page.state.progress.answers };
  const full = list.items.length >= step.max;
  renderStep(
    page,
    'forms/repeat-list.njk',
    {
      rows: list.items.map((item, index) => ({
        key: { text: itemTitle(page, index + 1) },
        value: describe(page, step, item),
        actions: {
          items: [
            { href: listHref(page, `/${index + 1}`), text: page.reader.t('forms:change'), visuallyHiddenText: itemTitle(page, index + 1) },
            { href: listHref(page, `/${index + 1}/remove`), text: page.reader.t('forms:repeat.remove'), visuallyHiddenText: itemTitle(page, index + 1) },
          ],
        },
      })),
      count: list.items.length,
      max: step.max,
      full,
      fields: full ? [] : fieldViews([MORE], input),
      errorList: errorList([MORE], input),
    },
    errors,
  );
}

export function showRepeatList(page: StepPage<RepeatStep>): void {
  const { list } = repeatOf(page);
  if (!list.items.length) return page.res.redirect(303, listHref(page, '/1'));
  const { progress } = page.state;
  // "Is there another?" has not been answered yet when the list is first shown: not an error until it is sent unanswered.
  const errors = progress.firstUnfinished === page.step ? progress.errors.filter((error) => !(error.field === 'more' && error.code === 'required')) : [];
  renderList(page, errors);
}

export async function submitRepeatList(page: StepPage<RepeatStep>): Promise<void> {
  const { step, list } = repeatOf(page);
  const body = fieldsOf(page.req.body);
  const action = actionOf(page.req);
  const more = fieldModule(MORE).read(MORE, body) as string;
  if (action === 'save') {
    await saveList(page, list);
    return page.res.redirect(303, `${page.state.base}/saved`);
  }
  if (more === 'yes' && list.items.length < step.max) {
    await saveList(page, { items: list.items, done: false });
    return page.res.redirect(303, listHref(page, `/${list.items.length + 1}`));
  }
  const done = more === 'no' || list.items.length >= step.max;
  await saveList(page, { items: list.items, done });
  const { progress } = page.state;
  if (progress.firstUnfinished === step) {
    const errors = done ? progress.errors : [{ field: 'more', code: 'required' }];
    return renderList(page, errors, more);
  }
  proceed(page);
}

/** The item asked for: one already there, or the next new one while there is room. */
function itemNumber(page: StepPage<RepeatStep>): number | undefined {
  const { step, list } = repeatOf(page);
  const number = Number(page.req.params.item);
  const limit = Math.min(list.items.length + 1, step.max);
  return Number.isInteger(number) && number >= 1 && number <= limit ? number : undefined;
}

function renderItem(page: StepPage<RepeatStep>, number: number, raw: RawStep | undefined, errors: readonly FieldError[]): void {
  const { step, list } = repeatOf(page);
  const scope = { service: page.state.service.id, step: step.id };
  const input = { scope, reader: page.reader, raw, errors, answers: page.state.progress.answers };
  renderStep(
    page,
    'forms/question.njk',
    {
      title: itemTitle(page, number),
      intro: number === 1 ? page.reader.t(stepKeys(page.state.service.id, step.id, step.block, 'intro'), { defaultValue: '' }) : '',
      fields: fieldViews(step.item, input),
      single: false,
      errorList: errorList(step.item, input),
      action: listHref(page, `/${number}`),
      ...(list.items.length ? { backHref: listHref(page) } : {}),
    },
    errors,
  );
}

export function showRepeatItem(page: StepPage<RepeatStep>): void {
  const number = itemNumber(page);
  if (!number) return page.res.redirect(303, listHref(page));
  const { step, list } = repeatOf(page);
  const raw = list.items[number - 1];
  const checked = raw ? validateItem(step, raw, { today: page.state.today, answers: page.state.progress.answers }) : undefined;
  renderItem(page, number, raw, checked && !checked.ok ? checked.errors : []);
}

export async function submitRepeatItem(page: StepPage<RepeatStep>): Promise<void> {
  const number = itemNumber(page);
  if (!number) return page.res.redirect(303, listHref(page));
  const { step, list } = repeatOf(page);
  const context = { today: page.state.today, answers: page.state.progress.answers };
  const typed = keepVisible(step.item, readFields(step.item, fieldsOf(page.req.body)), context);
  const items = [...list.items];
  items[number - 1] = typed;
  await saveList(page, { items, done: list.done });
  if (actionOf(page.req) === 'save') return page.res.redirect(303, `${page.state.base}/saved`);
  const result = validateItem(step, typed, context);
  if (!result.ok) return renderItem(page, number, typed, result.errors);
  page.res.redirect(303, listHref(page));
}

export function showRepeatRemove(page: StepPage<RepeatStep>): void {
  const number = itemNumber(page);
  const { list } = repeatOf(page);
  if (!number || number > list.items.length) return page.res.redirect(303, listHref(page));
  renderStep(page, 'forms/repeat-remove.njk', {
    title: page.reader.t('forms:repeat.removeTitle', { item: itemTitle(page, number) }),
    action: listHref(page, `/${number}/remove`),
    backHref: listHref(page),
  });
}

export async function submitRepeatRemove(page: StepPage<RepeatStep>): Promise<void> {
  const number = itemNumber(page);
  const { step, list } = repeatOf(page);
  if (number && number <= list.items.length && fieldsOf(page.req.body).confirm === 'yes') {
    const items = list.items.filter((_, index) => index !== number - 1);
    await saveList(page, { items, done: list.done && items.length >= step.min });
  }
  page.res.redirect(303, listHref(page));
}
