import { officesIn } from '../content/contact.js';
import type { Language } from '../i18n/languages.js';

/** When the accessibility statement was last reviewed against the pages (see the statement). */
const ACCESSIBILITY_REVIEWED = '2026-11-29';

interface HelpLocals {
  lang: Language;
  formatDate: (value: string) => string;
}

export interface HelpPage {
  view: string;
  model: (locals: HelpLocals) => Record<string, unknown>;
}

function headquarters(lang: Language) {
  return officesIn(lang).offices.find((office) => office.id === 'headquarters')!;
}

/** Pages of help and of the portal's promises: the same for everyone, in each language. */
export const HELP_PAGES: Readonly<Record<string, HelpPage>> = {
  '/contact': { view: 'pages/contact.njk', model: ({ lang }) => ({ headquarters: headquarters(lang) }) },
  '/offices': {
    view: 'pages/offices.njk',
    model: ({ lang, formatDate }) => {
      const { checked, offices } = officesIn(lang);
      return { offices, checked: formatDate(checked) };
    },
  },
  '/privacy': { view: 'pages/privacy.njk', model: ({ lang }) => ({ headquarters: headquarters(lang) }) },
  '/accessibility': { view: 'pages/accessibility.njk', model: ({ formatDate }) => ({ reviewed: formatDate(ACCESSIBILITY_REVIEWED) }) },
};
