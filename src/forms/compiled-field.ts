import type { FieldView } from './fields/types.js';

/*
 * A field's HTML without the govuk macros on every request. The macros are run once per shape of a
 * field (its name, options, which parts are shown, which option is chosen, whether it is in error)
 * with every word and value replaced by a numbered slot; what they draw is kept, and a request only
 * fills the slots. The HTML is then the macros' own, byte for byte, whitespace included.
 *
 * A slot holds a newline and an `&` so the drawing tells how each value was treated: the spaces
 * after the newline are the indent the macros gave its lines, the `&amp;`s how often it was escaped.
 */

/** Strings that steer the macros (`"govuk-input--error" in classes`, a date part's name) or are code's own: kept as they are. */
const LITERAL_KEYS = new Set(['macro', 'name', 'id', 'idPrefix', 'namePrefix', 'classes', 'type', 'inputmode', 'autocomplete', 'behaviour']);
/** govukCharacterCount puts the limit into a description holding this; such a string is kept too. */
const COUNT_PLACEHOLDER = '%{count}';
// Control characters mark a slot. Only the kept drawing is read for slots: a typed value holding the same
// characters is put in whole (String.replace does not read what it puts in), so it cannot fill another slot.
// eslint-disable-next-line no-control-regex
const SLOT = /\u0001(\d+)\n( *)&((?:amp;)*)\u0002/g;
/** Shapes are few (fields × states); the bound only keeps a mistake from growing the cache without end. */
const MAX_SHAPES = 5000;

/** Nunjucks' autoescape: the same characters, the same entities. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '\\': '&#92;' };
function escapeLikeNunjucks(value: string): string {
  return value.replace(/[&"'<>\\]/g, (character) => ESCAPES[character]!);
}

interface Slotted {
  view: FieldView;
  values: string[];
}

/** The view with each distinct word or value as a slot: equal strings share one, so the macros' comparisons (the chosen option) still hold. */
function slotted(view: FieldView): Slotted {
  const values: string[] = [];
  const numbers = new Map<string, number>();
  const slot = (value: string): string => {
    let number = numbers.get(value);
    if (number === undefined) {
      number = values.push(value) - 1;
      numbers.set(value, number);
    }
    return `\u0001${number}\n&\u0002`;
  };
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (typeof value === 'string') return value === '' || LITERAL_KEYS.has(key ?? '') || value.includes(COUNT_PLACEHOLDER) ? value : slot(value);
    if (Array.isArray(value)) return value.map((item) => walk(item, undefined));
    if (value && typeof value === 'object') {
      // Reveals are found by option value: their keys are slots like the values they are found by.
      const rename = key === 'reveals' ? slot : (name: string) => name;
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [rename(name), walk(item, name)]));
    }
    return value;
  };
  return { view: walk(view, undefined) as FieldView, values };
}

function fill(drawn: string, values: readonly string[]): string {
  return drawn.replace(SLOT, (_match, number: string, indent: string, amps: string) => {
    let value = values[Number(number)]!;
    for (let times = amps.length / 4; times > 0; times -= 1) value = escapeLikeNunjucks(value);
    return indent ? value.replaceAll('\n', `\n${indent}`) : value;
  });
}

/** A file field's template reads the page's words and its files: it is always drawn by its macro. */
function compilable(view: FieldView): boolean {
  if (view.macro === 'appFileUpload') return false;
  return Object.values(view.reveals ?? {}).every((nested) => nested.every(compilable));
}

/**
 * `draw` is the macros' own drawing of a view (appFieldMacros). The function given back draws a view
 * the same way from its shape's kept drawing (made anew each time when `keep` is false), or answers
 * undefined for a view it leaves to the macros.
 */
export function fieldCompiler(draw: (view: FieldView) => string, options: { keep: boolean } = { keep: true }): (view: FieldView) => string | undefined {
  const shapes = new Map<string, string>();
  return (view) => {
    if (!compilable(view)) return undefined;
    const { view: shape, values } = slotted(view);
    const key = JSON.stringify(shape);
    let drawn = shapes.get(key);
    if (drawn === undefined) {
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      drawn = draw(shape);
      // Without the template cache (development), an edited template shows at once: nothing is kept.
      if (options.keep) shapes.set(key, drawn);
    }
    return fill(drawn, values);
  };
}
