import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/catalogue/index.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { LANGUAGES } from '../../src/i18n/languages.js';

const i18n = createI18n();
const APPLICATION_SERVICES = SERVICES.filter((service) => service.journey).map((service) => service.id);

/*
 * The confirmation page says what the person will get as a sentence of its own. The catalogue's
 * "what you get" is written to sit under its heading on the service page ("A permit with its
 * number."), and read as a fragment when the confirmation page printed it alone.
 */
describe.each(LANGUAGES)('the confirmation in %s', (language) => {
  const t = i18n.getFixedT(language);
  it.each(APPLICATION_SERVICES)('of %s says in a sentence what the person will get', (service) => {
    const sentence = t(`services/${service}:confirmationResult`, { defaultValue: '' });
    expect(sentence).not.toBe('');
    expect(sentence).toMatch(/^\p{Lu}.*\.$/u);
    expect(sentence).not.toBe(t(`services:services.${service}.result`));
    // A sentence has a verb: none of the catalogue's fragments is repeated as the whole of its first sentence.
    expect(sentence.split('. ')[0]).not.toBe(t(`services:services.${service}.result`).split('. ')[0]);
  });
});
