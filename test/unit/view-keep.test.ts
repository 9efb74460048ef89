import express from 'express';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { readManifest } from '../../src/middleware/assets.js';
import { pageLocals } from '../../src/middleware/language.js';
import { configureViews } from '../../src/views.js';
import { KeepExtension } from '../../src/view-keep.js';

const i18n = createI18n();
/** A page of the public layout with a form's buttons: the parts kept per language, authority and address. */
const PAGE = '{% extends "layout.njk" %}{% from "forms/buttons.njk" import formButtons %}{% block content %}{{ formButtons(t, options) }}{% endblock %}';
const ADDRESSES = ['/services/work-permit/apply/identity', '/track?reference=7KQ4M2XD93PH&open=reply', '/'];
const BUTTONS = [{}, { noSave: true }, { continueText: 'Göndər' }];

function pages(cache: boolean, authority: string): string[] {
  const env = configureViews(express(), { cache, authority, assets: readManifest() });
  const template = new nunjucks.Template(PAGE, env);
  return LANGUAGES.flatMap((language) =>
    ADDRESSES.flatMap((address) => BUTTONS.map((options) => template.render({ ...pageLocals(i18n, language, address), options, csrfToken: () => 'token' }))),
  );
}

describe('{% keep %}: a page frame drawn once per set of values', () => {
  it('draws every page as the templates do, byte for byte, in every language, address, authority and button set', () => {
    for (const authority of ['sms', 'another-body']) {
      const kept = pages(true, authority);
      expect(kept).toEqual(pages(false, authority));
      // Each combination is its own page: nothing drawn for one is given to another.
      expect(new Set(kept).size).toBe(kept.length);
    }
  });

  it('keeps nothing where templates are not kept, and draws a kept part once', () => {
    let drawn = 0;
    const env = new nunjucks.Environment();
    env.addGlobal('draw', () => (drawn += 1));
    const template = new nunjucks.Template('{% keep "part", which %}<p>{{ which }} {{ draw() }}</p>{% endkeep %}', env);
    env.addExtension('keep', new KeepExtension(true));
    expect([template.render({ which: 'a' }), template.render({ which: 'a' }), template.render({ which: 'b' })]).toEqual(['<p>a 1</p>', '<p>a 1</p>', '<p>b 2</p>']);
    const fresh = new nunjucks.Environment();
    fresh.addGlobal('draw', () => (drawn += 1));
    fresh.addExtension('keep', new KeepExtension(false));
    const unkept = new nunjucks.Template('{% keep "part" %}{{ draw() }}{% endkeep %}', fresh);
    expect([unkept.render({}), unkept.render({})]).toEqual(['3', '4']);
  });
});
