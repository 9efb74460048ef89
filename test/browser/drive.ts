import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { clickAndWait, expectNoAxeViolations } from '../support/browser.js';
import { FILES, type StepAnswer } from '../support/journey.js';

/** Types answers into the page the way a person would: text typed, options picked, boxes ticked. */
export async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    const input = page.locator(`[name="${name}"]`).first();
    const kind = await input.evaluate((element) => `${element.tagName}:${(element as HTMLInputElement).type}`);
    if (kind === 'SELECT:select-one') await input.selectOption(value);
    else if (kind === 'INPUT:radio') await page.locator(`[name="${name}"][value="${value}"]`).check();
    else if (kind === 'INPUT:checkbox') {
      for (const box of await page.locator(`[name="${name}"]`).all()) await box.setChecked(value.split(',').includes((await box.getAttribute('value'))!));
    } else await input.fill(value);
  }
}

export async function pressContinue(page: Page): Promise<void> {
  await clickAndWait(page, 'main form button[value="continue"], main form button.govuk-button:not(.govuk-button--secondary)');
}

/** Picks the files of a document, as from the file chooser, from test/fixtures/files. */
export async function chooseFiles(page: Page, field: string, files: readonly string[]): Promise<void> {
  await page.setInputFiles(`input[type=file][name="${field}"]`, files.map((file) => path.join(FILES, file)));
}

export interface DriveOptions {
  service: string;
  lang: string;
  /** Run axe on every page on the way. */
  axe: boolean;
  /** Called on each page before it is answered; return true when it handled the page itself. */
  onPage?: (page: Page, where: string) => Promise<boolean | void>;
  /** Stop, unanswered, on the page whose address ends so. */
  stopAt?: string;
}

/**
 * Clicks through a journey from its task list to "check your answers": on the task list the next
 * task to do, on a step its answers, on a repeat each item then "no more", on a notice Continue.
 */
export async function driveToCheck(page: Page, answers: readonly StepAnswer[], options: DriveOptions): Promise<void> {
  const apply = `/services/${options.service}/apply`;
  const byStep = new Map(answers.map((answer) => [answer.step, answer]));
  for (let pages = 0; pages < 100; pages += 1) {
    const where = new URL(page.url()).pathname;
    if (process.env.DEBUG_DRIVE) console.log("DRIVE", where);
    expect(await page.getAttribute('html', 'lang')).toBe(options.lang);
    const errors = page.locator('.govuk-error-summary');
    expect(await errors.count(), `errors on ${where}: ${(await errors.count()) ? await errors.innerText() : ''}`).toBe(0);
    if (options.axe) await expectNoAxeViolations(page, `${where} (${options.lang})`);
    if (where === `${apply}/check` || (options.stopAt && where.endsWith(options.stopAt))) return;
    if (await options.onPage?.(page, where)) continue;
    if (where === apply) {
      // The first task with a link and a tag (not started, in progress) is the one to do; the last is "check and send".
      const next = page.locator('.govuk-task-list__item:has(.govuk-tag) a').first();
      await Promise.all([page.waitForNavigation({ timeout: 90_000 }), next.click()]);
      continue;
    }
    const [, stepId, item] = /\/apply\/([^/]+)(?:\/(\d+))?$/.exec(where) ?? [];
    const answer = byStep.get(stepId!);
    if (!answer) throw new Error(`No answers for ${where}`);
    if (answer.items) {
      if (item) await fill(page, answer.items[Number(item) - 1]!);
      else {
        const added = await page.locator('.app-repeat-list .govuk-summary-list__row').count();
        if (await page.locator('input[name="more"]').count()) await fill(page, { more: added < answer.items.length ? 'yes' : 'no' });
      }
    } else if (answer.files) {
      const byField = new Map<string, string[]>();
      for (const file of answer.files) byField.set(file.field, [...(byField.get(file.field) ?? []), file.file as string]);
      for (const [field, files] of byField) await chooseFiles(page, field, files);
    } else if (answer.fields) await fill(page, answer.fields);
    await pressContinue(page);
  }
  throw new Error('The journey did not reach check your answers');
}

/**
 * The text of an element as the screen lays it out: each character with the line it is drawn on,
 * counted by where its own box starts, whatever markup the element holds.
 */
export async function linesOf(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).first().evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const placed: { character: string; top: number }[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let index = 0; index < node.textContent!.length; index += 1) {
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        placed.push({ character: node.textContent![index]!, top: Math.round(range.getBoundingClientRect().top) });
      }
    }
    const lines: string[] = [];
    let lastTop: number | undefined;
    for (const { character, top } of placed) {
      if (lastTop === undefined || top > lastTop + 2) lines.push('');
      lines[lines.length - 1] += character;
      lastTop = top;
    }
    return lines;
  });
}
