import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../../src/catalogue/index.js';
import { GOVUK_DIR, VIEWS_DIR } from '../../../src/paths.js';
import { sectionTitle } from '../../../src/forms/render-answers.js';
import { addFieldHelpers } from '../../../src/views.js';
import { readerIn } from './support.js';

/*
 * A summary list drawn from its shape's kept drawing (appSummaryList, as check your answers draws
 * its cards) must be govukSummaryList's own drawing byte for byte: cards with and without a change
 * link, values as text and as HTML, empty, on several lines, with every character the escaping
 * treats, and each card title of the catalogue's journeys in each language.
 */

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIR]), { autoescape: true, throwOnUndefined: false });
addFieldHelpers(env);
const kept = new nunjucks.Template('{% from "forms/summary-list.njk" import appSummaryList %}{% for list in lists %}{{ appSummaryList(list) }}{% endfor %}', env);
const macro = new nunjucks.Template('{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}{% for list in lists %}{{ govukSummaryList(list) }}{% endfor %}', env);

const TYPED = `  Əli \u2003 & <b>"Məmmədov"</b> 'Ивано\\в'\n  second line \u00010\n&\u0002\u2003 `;
const VALUES = [{ text: TYPED }, { html: TYPED }, { html: 'Bakı<br>Nizami küçəsi 10' }, { html: '  padded  ' }, { text: '' }, { html: `a\nb` }, { text: 'same' }, { text: 'same' }];

function card(title: string, changeHref: string | undefined, change: string, values = VALUES) {
  return {
    card: { title: { text: title, headingLevel: 2 }, actions: changeHref ? { items: [{ href: changeHref, text: change, visuallyHiddenText: title }] } : undefined },
    rows: values.map((value, index) => ({ key: { text: `${title} ${index}` }, value })),
  };
}

describe('a summary list from its kept drawing', () => {
  it('is govukSummaryList’s drawing for every card of every journey, with a change link and without, in each language', () => {
    const lists = [];
    for (const lang of ['az', 'en', 'ru'] as const) {
      const reader = readerIn(lang);
      for (const service of SERVICES) {
        for (const section of service.journey?.sections ?? []) {
          const title = sectionTitle(service, section.id, reader);
          lists.push(card(title, `/services/${service.id}/apply/${section.steps[0]}?change=1`, reader.t('forms:change')));
          lists.push(card(title, undefined, '', VALUES.slice(0, 2)));
        }
      }
      lists.push(card(TYPED, '/a?b=1&c="2"', TYPED), { rows: [], classes: 'app-summary' }, { rows: [{ key: { html: '<b>key</b>' }, value: { text: 'v' }, actions: { items: [{ href: '/x', text: 'Change' }] } }] });
    }
    expect(lists.length).toBeGreaterThan(100);
    // Twice: the first draws and keeps each shape, the second draws from what was kept.
    for (let pass = 0; pass < 2; pass += 1) {
      for (const list of lists) expect(kept.render({ lists: [list] })).toBe(macro.render({ lists: [list] }));
    }
  });
});
