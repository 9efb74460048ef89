import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { keepImportedMacros } from '../../src/view-imports.js';

/** Templates from memory; `macros.njk` counts how often its top level runs. */
function environment(noCache: boolean): { env: nunjucks.Environment; runs: () => number; edit: (source: string) => void } {
  let source = '{% set counted = count() %}{% macro greet(name) %}<b>Salam, {{ name }}</b>{% endmacro %}';
  let topLevelRuns = 0;
  const loader = {
    getSource: (name: string) => (name === 'macros.njk' ? { src: source, path: name, noCache } : null),
  };
  const env = new nunjucks.Environment(loader as unknown as nunjucks.ILoader, { autoescape: true });
  env.addGlobal('count', () => (topLevelRuns += 1));
  return { env, runs: () => topLevelRuns, edit: (next) => (source = next) };
}

describe('macros imported without context are kept with their template', () => {
  keepImportedMacros();

  it('runs an imported template once, and draws its macros as before on every page', () => {
    const { env, runs } = environment(false);
    const page = new nunjucks.Template('{% from "macros.njk" import greet %}{{ greet(name) }}', env);
    expect(['Aysel', 'Олег', '<i>'].map((name) => page.render({ name }))).toEqual(['<b>Salam, Aysel</b>', '<b>Salam, Олег</b>', '<b>Salam, &lt;i&gt;</b>']);
    expect(runs()).toBe(1);
    // Another page importing the same template takes the same macros.
    expect(new nunjucks.Template('{% import "macros.njk" as m %}{{ m.greet("Kamal") }}', env).render({})).toBe('<b>Salam, Kamal</b>');
    expect(runs()).toBe(1);
  });

  it('runs an import with context each time: it reads the page', () => {
    const { env, runs } = environment(false);
    const page = new nunjucks.Template('{% from "macros.njk" import greet with context %}{{ greet(name) }}', env);
    page.render({ name: 'Aysel' });
    page.render({ name: 'Kamal' });
    expect(runs()).toBe(2);
  });

  it('reads an edited template where templates are not kept (development)', () => {
    const { env, runs, edit } = environment(true);
    const page = new nunjucks.Template('{% from "macros.njk" import greet %}{{ greet("Aysel") }}', env);
    expect(page.render({})).toBe('<b>Salam, Aysel</b>');
    edit('{% set counted = count() %}{% macro greet(name) %}<b>Hello, {{ name }}</b>{% endmacro %}');
    expect(page.render({})).toBe('<b>Hello, Aysel</b>');
    expect(runs()).toBe(2);
  });
});
