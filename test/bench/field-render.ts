/**
 * The fields of a busy step (registration's identity, and its entry step with a reveal) drawn
 * in-process, by the govuk macros (appFieldMacros) and from the kept drawings (appField): the part
 * of a question page's render that compiled fields change. `npx tsx test/bench/field-render.ts`
 */
import nunjucks from 'nunjucks';
import { findService } from '../../src/catalogue/index.js';
import { fieldViews } from '../../src/forms/field-views.js';
import type { Field } from '../../src/forms/fields/index.js';
import { formatDate, formatMoney } from '../../src/i18n/format.js';
import { createI18n, translator } from '../../src/i18n/i18n.js';
import { GOVUK_DIR, VIEWS_DIR } from '../../src/paths.js';
import { addFieldHelpers } from '../../src/views.js';

const ROUNDS = Number(process.env.ROUNDS ?? 2000);
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIR]), { autoescape: true });
addFieldHelpers(env);
const page = (macro: string) => new nunjucks.Template(`{% from "forms/field.njk" import ${macro} %}{% for view in fields %}{{ ${macro}(view, "", t) }}{% endfor %}`, env);
const lang = 'az' as const;
const reader = { t: translator(createI18n(), lang), lang, formatDate: (iso: string) => formatDate(iso, lang), formatMoney: (n: number) => formatMoney(n, lang) };
const service = findService('registration-at-place-of-stay')!;

function msPerPage(stepId: string, macro: string): number {
  const step = service.journey!.steps.find((candidate) => candidate.id === stepId)!;
  const fields = (step as { fields: readonly Field[] }).fields;
  const template = page(macro);
  const render = () => template.render({ fields: fieldViews(fields, { scope: { service: service.id, step: stepId }, reader, raw: {}, errors: [], answers: {} }), t: reader.t });
  for (let round = 0; round < 200; round += 1) render();
  const start = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round += 1) render();
  return Number(process.hrtime.bigint() - start) / 1e6 / ROUNDS;
}

for (const step of ['identity', 'entry']) {
  const macros = msPerPage(step, 'appFieldMacros');
  const compiled = msPerPage(step, 'appField');
  console.log(`${step}: macros ${macros.toFixed(3)} ms, compiled ${compiled.toFixed(3)} ms per page (${ROUNDS} renders, fieldViews included)`);
}
