import { INTL_LOCALE, type Language } from './languages.js';

const COLLATORS = new Map<Language, Intl.Collator>();

/**
 * The order a reader of the language expects (Azerbaijani: ... h, x, ı, i ... k, q ...), made once
 * per language: making an Intl.Collator is what costs, comparing with one is cheap.
 */
function collatorFor(language: Language): Intl.Collator {
  let collator = COLLATORS.get(language);
  if (!collator) COLLATORS.set(language, (collator = new Intl.Collator(INTL_LOCALE[language])));
  return collator;
}

/** A copy of the items sorted by their words in that language. */
export function sortedByText<T extends { text: string }>(items: readonly T[], language: Language): T[] {
  const collator = collatorFor(language);
  return [...items].sort((a, b) => collator.compare(a.text, b.text));
}
