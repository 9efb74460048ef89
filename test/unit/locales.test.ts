import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICES, GROUP_ORDER } from '../../src/catalogue/index.js';
import { PLACE_IDS } from '../../src/i18n/places.js';
import { STATUSES } from '../../src/applications/status.js';
import { decisionRules, REFUSAL_REASONS } from '../../src/catalogue/decisions.js';
import { AUDIT_ACTIONS } from '../../src/backoffice/audit/log.js';
import { createI18n, loadResources } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { allFields, fieldModule, type Field } from '../../src/forms/fields/index.js';
import { isSource } from '../../src/forms/options.js';
import { RESUME_FIELDS } from '../../src/forms/resume/routes.js';
import { PROTECT_FIELDS } from '../../src/forms/resume/save-page.js';
import { FIND_CODES, FIND_FIELDS, FIND_SCOPE } from '../../src/lookups/tracking/find.js';
import { OTHER_DOCUMENTS, REPLY_CODES, REPLY_SCOPE, REPLY_TEXT } from '../../src/lookups/tracking/reply.js';
import { VERIFY_CODES, VERIFY_FIELDS, VERIFY_SCOPE } from '../../src/lookups/verify/routes.js';
import { file } from '../../src/forms/fields/index.js';
import { CALCULATOR } from '../../src/lookups/deadline/routes.js';
import { scopeOf, type LookupQuestion } from '../../src/lookups/page.js';
import { REGISTRATION_STATUS_QUESTION } from '../../src/lookups/registration-status/routes.js';
import { TRAVEL_BAN_QUESTION } from '../../src/lookups/travel-ban/routes.js';
import { VISIT_PURPOSES } from '../../src/visits/model.js';
import { VISIT_DETAILS, VISIT_MANAGE } from '../../src/visits/questions.js';
import { feeFields } from '../../src/forms/steps/fee.js';
import { USE_EARLIER } from '../../src/forms/steps/prefill.js';
import type { Step } from '../../src/forms/steps/types.js';
import { fieldKeys, serviceNamespace, stepKeys } from '../../src/forms/words.js';
import { PROJECT_ROOT, VIEWS_DIR } from '../../src/paths.js';

const resources = loadResources();
const i18n = createI18n(resources);

function flatKeys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => flatKeys(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

function keysOf(language: (typeof LANGUAGES)[number]): Set<string> {
  return new Set(
    Object.entries(resources[language]).flatMap(([namespace, tree]) => flatKeys(tree).map((key) => `${namespace}:${key}`)),
  );
}

/** A key exists when i18next can say it in that language without falling back. */
function exists(key: string, language: string): boolean {
  return i18n.exists(key, { lng: language }) || i18n.exists(key, { lng: language, count: 2 });
}

/** Words looked up along a chain (the service's, then the shared block's) exist when one link does. */
function someExists(keys: readonly string[], language: string): boolean {
  return keys.some((key) => exists(key, language));
}

const ONLINE = SERVICES.filter((service) => service.journey);

/** The fields a step shows, by kind: its own, a repeat's item and its "another?" question, the fee choice. */
function stepFields(step: Step): readonly Field[] {
  switch (step.kind) {
    case 'question':
      return allFields(step.fields);
    case 'repeat':
      return allFields(step.item);
    case 'fee':
      return [...feeFields(step)];
    case 'prefill':
      return [USE_EARLIER];
    default:
      return [];
  }
}

/** Codes a check across fields or steps can give, beyond each field type's own. */
const CHECK_CODES = ['beforeIssue', 'beforeEntry', 'tooLate', 'notAMinor', 'passportTooShort', 'beforeStart', 'tooFewItems', 'itemIncomplete', 'tooManyItems', 'noMatch', 'beforeBirth', 'tooSoon', 'underAge', 'taken', 'alreadyBooked', 'tooLongAgo'];

function walk(directory: string, extension: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return walk(full, extension);
    return entry.name.endsWith(extension) ? [full] : [];
  });
}

describe('translations', () => {
  it('every key exists in all three languages', () => {
    const all = LANGUAGES.map(keysOf);
    const union = new Set(all.flatMap((keys) => [...keys]));
    for (const [index, language] of LANGUAGES.entries()) {
      const missing = [...union].filter((key) => !all[index]!.has(key));
      expect(missing, `missing in ${language}`).toEqual([]);
    }
  });

  it('no translation is empty', () => {
    for (const language of LANGUAGES) {
      const empty = [...keysOf(language)].filter((key) => {
        const [namespace, rest] = key.split(':') as [string, string];
        const value = rest.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], resources[language][namespace]);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect(empty, language).toEqual([]);
    }
  });

  it('every key a template or source file names literally exists', () => {
    const files = [...walk(VIEWS_DIR, '.njk'), ...walk(path.join(PROJECT_ROOT, 'src'), '.ts')];
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*["'`]((?:common|forms|services|places|backoffice|help|tracking|verify|checks|queue|payments|decisions|statistics|emails|services\/[\w-]+):[\w.-]+)["'`]/g)) {
        // A key built from a prefix ("forms:steps." + id) is checked from the definitions below.
        if (!match[1]!.endsWith('.')) used.add(match[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(60);
    for (const language of LANGUAGES) {
      const missing = [...used].filter((key) => !exists(key, language));
      expect(missing, `used but not in ${language}`).toEqual([]);
    }
  });

  it('the catalogue says every service, group, status, place, fee and deadline', () => {
    const keys: string[] = [];
    for (const group of GROUP_ORDER) keys.push(`services:groups.${group}`);
    keys.push('common:authority.sms', 'forms:date.day', 'forms:date.month', 'forms:date.year', 'forms:warnings.lateRegistration');
    for (const status of STATUSES) keys.push(`common:statuses.${status}`, `backoffice:statuses.${status}`);
    for (const action of AUDIT_ACTIONS) keys.push(`backoffice:audit.actions.${action}`);
    for (const reason of REFUSAL_REASONS) keys.push(`services:refusalReasons.${reason}.text`);
    for (const place of PLACE_IDS) keys.push(`places:places.${place}`);
    for (const service of SERVICES) {
      for (const part of ['name', 'summary', 'who', 'result', 'rules']) keys.push(`services:services.${service.id}.${part}`);
      for (const document of service.documents) keys.push(`services:documents.${document.id}`);
      if (service.fee.kind === 'schedule') {
        for (const speed of service.fee.speeds) keys.push(`services:speeds.${speed}`);
        for (const row of service.fee.rows) keys.push(`services:periods.${row.period}`);
        if (service.fee.noteKey) keys.push(`services:services.${service.id}.${service.fee.noteKey}`);
        for (const reduction of Object.keys(service.fee.reductions ?? {})) keys.push(`forms:fee.reductions.${reduction}`);
      }
      if (service.deadline) for (const duration of Object.values(service.deadline)) keys.push(`common:duration.${duration!.unit}`);
      if (service.kind === 'application') {
        const rules = decisionRules(service);
        for (const basis of [...Object.values(rules.refusals), rules.appeal.basis]) keys.push(`decisions:laws.${basis!.law}`);
        keys.push(`decisions:appeal.to.${rules.appeal.to}`, `decisions:pdf.number.${rules.grants}`, `verify:kinds.${rules.numberPrefix}`);
      }
    }
    for (const language of LANGUAGES) {
      const missing = keys.filter((key) => !exists(key, language));
      expect(missing, `needed but not in ${language}`).toEqual([]);
    }
  });

  it.each(ONLINE.map((service) => service.id))('%s: every step, section, field, option and error has words in all three languages', (id) => {
    const service = ONLINE.find((candidate) => candidate.id === id)!;
    const journey = service.journey!;
    const chains: string[][] = [];
    for (const section of journey.sections) chains.push([`${serviceNamespace(id)}:sections.${section.id}`, `forms:sections.${section.id}`]);
    for (const step of journey.steps) {
      chains.push(stepKeys(id, step.id, step.block, 'title'));
      if (step.kind === 'notice' || step.kind === 'exit') chains.push(stepKeys(id, step.id, step.block, 'body'));
      if (step.kind === 'prefill') for (const part of ['intro', 'notFoundTitle', 'notFound']) chains.push(stepKeys(id, step.id, step.block, part));
      if (step.kind === 'repeat') {
        const scope = { service: id, step: step.id };
        chains.push(stepKeys(id, step.id, step.block, 'itemTitle'), fieldKeys(scope, 'more', 'label'));
        for (const [field, code] of [['more', 'required'], ['more', 'tooFewItems'], ['items', 'itemIncomplete'], ['items', 'tooManyItems']] as const) {
          chains.push([...fieldKeys(scope, field, `errors.${code}`), `forms:errors.${code}`]);
        }
      }
      for (const field of stepFields(step)) {
        const scope = { service: id, step: step.id };
        const module = fieldModule(field);
        chains.push(field.type === 'file' ? [...fieldKeys(scope, field.name, 'label'), `services:documents.${field.name}`] : fieldKeys(scope, field.name, 'label'));
        if (field.type === 'consent') chains.push(fieldKeys(scope, field.name, 'statement'));
        if ((field.type === 'radios' || field.type === 'select' || field.type === 'checkboxes') && !isSource(field.options) && !('optionsFrom' in field && field.optionsFrom)) {
          for (const option of field.options) chains.push(fieldKeys(scope, field.name, `options.${option}`));
        }
        for (const code of module.codes) chains.push([...fieldKeys(scope, field.name, `errors.${code}`), `forms:errors.${code}`]);
      }
    }
    for (const language of LANGUAGES) {
      const missing = chains.filter((chain) => !someExists(chain, language)).map((chain) => chain[0]);
      expect(missing, `needed but not in ${language}`).toEqual([]);
    }
  });

  it.each(ONLINE.map((service) => service.id))('%s: its own words name only steps and fields it has', (id) => {
    const journey = SERVICES.find((service) => service.id === id)!.journey!;
    const words = resources.en[serviceNamespace(id)] as { steps?: Record<string, { fields?: Record<string, unknown> }>; sections?: Record<string, unknown> } | undefined;
    expect(words, `locales/en/services/${id}.json`).toBeDefined();
    for (const [stepId, step] of Object.entries(words!.steps ?? {})) {
      const known = journey.steps.find((candidate) => candidate.id === stepId);
      expect(known, `step ${stepId}`).toBeDefined();
      const names = [...stepFields(known!).map((field) => field.name), ...(known!.kind === 'repeat' ? ['more', 'items'] : [])];
      for (const name of Object.keys(step.fields ?? {})) expect(names, `field ${name} of ${stepId}`).toContain(name);
    }
    for (const section of Object.keys(words!.sections ?? {})) expect(journey.sections.map((candidate) => candidate.id)).toContain(section);
  });

  it('the forms to save and to resume have their words', () => {
    const chains: string[][] = [];
    for (const field of [...RESUME_FIELDS, ...PROTECT_FIELDS]) {
      const scope = { service: 'resume', step: 'resume' };
      chains.push(fieldKeys(scope, field.name, 'label'));
      for (const code of [...fieldModule(field).codes, 'noMatch']) {
        if (field.name === 'resumeCode' || code !== 'noMatch') chains.push([...fieldKeys(scope, field.name, `errors.${code}`), `forms:errors.${code}`]);
      }
    }
    for (const language of LANGUAGES) {
      const missing = chains.filter((chain) => !someExists(chain, language)).map((chain) => chain[0]);
      expect(missing, `needed but not in ${language}`).toEqual([]);
    }
  });

  it.each([
    ['tracking', FIND_FIELDS, FIND_SCOPE, FIND_CODES],
    ['the answer to a request', [REPLY_TEXT, file(OTHER_DOCUMENTS)], REPLY_SCOPE, REPLY_CODES],
    ['verifying a permit', VERIFY_FIELDS, VERIFY_SCOPE, VERIFY_CODES],
  ] as const)('the form for %s has words for each field and each error it can give', (_what, fields, scope, extra) => {
    const chains: string[][] = [];
    for (const field of allFields(fields)) {
      chains.push(fieldKeys(scope, field.name, 'label'));
      if (field.type === 'radios') for (const option of field.options as readonly string[]) chains.push(fieldKeys(scope, field.name, `options.${option}`));
      for (const code of fieldModule(field).codes) chains.push([...fieldKeys(scope, field.name, `errors.${code}`), `forms:errors.${code}`]);
    }
    // The form's own codes, on the fields that give them.
    for (const code of extra) {
      const on = code === 'replyEmpty' ? ['reply'] : code === 'noMatch' && scope.namespace === 'verify' ? ['shareCode', 'permitNumber'] : ['reference'];
      for (const name of on) chains.push(fieldKeys(scope, name, `errors.${code}`));
    }
    for (const language of LANGUAGES) {
      const missing = chains.filter((chain) => !someExists(chain, language)).map((chain) => chain[0]);
      expect(missing, `needed but not in ${language}`).toEqual([]);
    }
  });

  it.each([CALCULATOR, TRAVEL_BAN_QUESTION, REGISTRATION_STATUS_QUESTION, VISIT_DETAILS, VISIT_MANAGE].map((question: LookupQuestion) => [`${question.namespace}:${question.page}`, question] as const))(
    'the instant service page %s says its title, button, fields, options and errors',
    (_name, question) => {
      const scope = scopeOf(question);
      const chains: string[][] = [[`${question.namespace}:steps.${question.page}.title`], [`${question.namespace}:steps.${question.page}.button`]];
      for (const field of allFields(question.fields)) {
        chains.push(fieldKeys(scope, field.name, 'label'));
        if ((field.type === 'radios' || field.type === 'select') && !isSource(field.options)) for (const option of field.options) chains.push(fieldKeys(scope, field.name, `options.${option}`));
        for (const code of fieldModule(field).codes) chains.push([...fieldKeys(scope, field.name, `errors.${code}`), `forms:errors.${code}`]);
      }
      for (const language of LANGUAGES) {
        const missing = chains.filter((chain) => !someExists(chain, language)).map((chain) => chain[0]);
        expect(missing, `needed but not in ${language}`).toEqual([]);
      }
    },
  );

  it('the electronic queue names every purpose and day of the week', () => {
    const keys = [...VISIT_PURPOSES.flatMap((purpose) => [`queue:purposes.${purpose}`, `queue:purposeHints.${purpose}`])];
    for (let day = 1; day <= 7; day += 1) keys.push(`queue:backoffice.weekdays.${day}`, `queue:backoffice.weekdaysShort.${day}`);
    for (const language of LANGUAGES) expect(keys.filter((key) => !exists(key, language)), language).toEqual([]);
  });

  it('every error message in the locale files is for a code some validator gives', () => {
    const known = new Set<string>([...CHECK_CODES, ...FIND_CODES, ...REPLY_CODES, ...VERIFY_CODES]);
    for (const field of allFields([...FIND_FIELDS, REPLY_TEXT, ...VERIFY_FIELDS])) for (const code of fieldModule(field).codes) known.add(code);
    for (const service of ONLINE) for (const step of service.journey!.steps) for (const field of stepFields(step)) for (const code of fieldModule(field).codes) known.add(code);
    const codes = [...keysOf('en')].flatMap((key) => {
      const match = /\.errors\.(\w+)$/.exec(key);
      // The back-office's forms name their own codes, each said for its field; its HTTP tests show each.
      return match && !key.startsWith('common:') && !key.startsWith('backoffice:') && !key.startsWith('queue:backoffice.') ? [match[1]!] : [];
    });
    expect(codes.filter((code) => !known.has(code))).toEqual([]);
  });
});
