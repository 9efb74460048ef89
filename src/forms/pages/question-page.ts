import { errorList, fieldViews } from '../field-views.js';
import { visibleFields, type Field } from '../fields/index.js';
import type { FieldView } from '../fields/types.js';
import type { FileField } from '../fields/file.js';
import type { FieldError, RawStep } from '../model.js';
import { keepVisible, readFields } from '../steps/question.js';
import { actionOf, fileToRemove, isFileAction, proceed, renderStep, type StepPage } from './step-page.js';
import { fieldsOf } from '../../http/fields.js';

export function fileFieldsOf(fields: readonly Field[]): FileField[] {
  return fields.filter((field): field is FileField => field.type === 'file');
}

/** The step's questions, drawn with what was typed (and the files uploaded) and any errors. */
export function renderQuestion(
  page: StepPage,
  fields: readonly Field[],
  raw: RawStep | undefined,
  errors: readonly FieldError[],
  extra: { model?: Record<string, unknown>; decorate?: (views: FieldView[]) => void } = {},
): void {
  const scope = { service: page.state.service.id, step: page.step.id };
  const input = { scope, reader: page.reader, raw, errors, answers: page.state.progress.answers };
  const views = fieldViews(fields, input);
  extra.decorate?.(views);
  const single = views.length === 1 && views[0]!.macro !== 'appFileUpload';
  // One question on the page: its label or legend is the page's heading.
  const params = views[0]?.params as { label?: { text: string }; fieldset?: { legend: { text: string } } } | undefined;
  const heading = single ? (params?.label?.text ?? params?.fieldset?.legend.text) : undefined;
  renderStep(
    page,
    'forms/question.njk',
    {
      fields: views,
      single,
      ...(heading ? { heading } : {}),
      errorList: errorList(fields, input),
      multipart: fileFieldsOf(fields).length > 0,
      fileBase: `${page.state.base}/files`,
      ...extra.model,
    },
    errors,
  );
}

/** The fields a step asks: its own, or those a step kind makes (the fee choice). */
export type RenderExtra = Parameters<typeof renderQuestion>[4];

export function showQuestion(page: StepPage, fields: readonly Field[], extra?: RenderExtra): void {
  const { progress, raw } = page.state;
  renderQuestion(page, fields, raw[page.step.id], progress.firstUnfinished === page.step ? progress.errors : [], extra);
}

/** The files chosen on the page, each checked, then stored; the upload's place is given back as soon as they are. */
async function storeChosenFiles(page: StepPage, fields: readonly FileField[]): Promise<{ errors: FieldError[]; stored: boolean }> {
  const { deps, state, req, step } = page;
  try {
    const { accepted, errors } = await deps.uploads.receive(req, fields, { service: state.service.id, stepId: step.id, existing: state.documents });
    if (accepted.length) {
      const draft = await state.ensureDraft();
      await deps.uploads.store(deps.db, { draftId: draft.id }, step.id, accepted);
    }
    return { errors, stored: accepted.length > 0 };
  } finally {
    deps.uploads.done(req);
  }
}

/** Files chosen on the page are stored (each checked), a file asked to be removed is removed; says whether any was. */
async function handleFiles(page: StepPage, fields: readonly FileField[], action: string): Promise<{ errors: FieldError[]; changed: boolean }> {
  const { deps, state } = page;
  const { errors, stored } = await storeChosenFiles(page, fields);
  const removing = fileToRemove(action);
  const draftId = state.draft?.id;
  const removes = removing !== undefined && draftId !== undefined;
  if (removes) await deps.db.transaction((trx) => deps.uploads.remove(trx, { draftId }, removing));
  return { errors, changed: stored || removes };
}

export async function submitQuestion(page: StepPage, fields: readonly Field[], extra?: RenderExtra): Promise<void> {
  const { state, req, res, step } = page;
  const action = actionOf(req);
  const context = { today: state.today, answers: state.progress.answers };
  const files = fileFieldsOf(visibleFields(fields, undefined, context.answers));
  const { errors: fileErrors, changed: filesChanged } = files.length ? await handleFiles(page, files, action) : { errors: [], changed: false };
  // What was typed, valid or not, without the fields this path does not ask: files are kept by the store.
  const typed = keepVisible(fields, readFields(fields, fieldsOf(req.body)), context);
  for (const file of files) delete typed[file.name];
  // Uploading or removing a file is not an answer to the step: its questions are not checked yet.
  const uploadOnly = files.length > 0 && isFileAction(action);
  // Files stored or removed are read with the draft as saved, or read again where nothing else was saved.
  if (!uploadOnly) await state.save(step.id, typed, { filesChanged });
  else if (filesChanged) await state.reload();
  if (action === 'save') return res.redirect(303, `${state.base}/saved`);
  const stepErrors = !uploadOnly && state.progress.firstUnfinished === step ? state.progress.errors : [];
  const errors = [...fileErrors, ...stepErrors.filter((error) => !fileErrors.some((known) => known.field === error.field))];
  if (errors.length) return renderQuestion(page, fields, { ...state.raw[step.id], ...typed }, errors, extra);
  if (uploadOnly) return res.redirect(303, `${state.base}/${step.id}${page.changing ? '?change=1' : ''}`);
  proceed(page);
}
