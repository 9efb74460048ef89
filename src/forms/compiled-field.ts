import type { FieldView } from './fields/types.js';

/*
 * A field's (or a summary list's) HTML without the govuk macros on every request. The macros are
 * run once per shape of a field (its name, options, which parts are shown, which option is chosen,
 * whether it is in error) with every word and value replaced by a numbered slot; what they draw is
 * kept, and a request only fills the slots. The HTML is then the macros' own, byte for byte,
 * whitespace included.
 *
 * A slot holds a newline and an `&` so the drawing tells how each value was treated: the spaces
 * after the newline are the indent the macros gave its lines, the `&amp;`s how often it was escaped,
 * and the em spaces around it whether it was trimmed.
 */

/** Strings that steer the macros (`"govuk-input--error" in classes`, a date part's name) or are code's own: kept as they are. */
const LITERAL_KEYS = new Set(['macro', 'name', 'id', 'idPrefix', 'namePrefix', 'classes', 'type', 'inputmode', 'autocomplete', 'behaviour']);
/** govukCharacterCount puts the limit into a description holding this; such a string is kept too. */
const COUNT_PLACEHOLDER = '%{count}';
// Control characters mark a slot. Only the kept drawing is read for slots: a typed value holding the same
// characters is put in whole (String.replace does not read what it puts in), so it cannot fill another slot.
// An em space on each side, which no template writes, tells whether the macro trimmed the value.
// eslint-disable-next-line no-control-regex
const SLOT = /(\u2003?)\u0001(\d+)\n( *)&((?:amp;)*)\u0002(\u2003?)/g;
const PAD = '\u2003';
/** Reveals are found by option value. */
const REVEALS = new Set(['reveals']);
/** Shapes are few (fields × states); the bound only keeps a mistake from growing the cache without end. */
const MAX_SHAPES = 5000;

/** Nunjucks' autoescape: the same characters, the same entities. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '\\': '&#92;' };
const ESCAPED = /[&"'<>\\]/;
function escapeLikeNunjucks(value: string): string {
  // Most values hold none of these: looked for first, so they are not copied.
  return ESCAPED.test(value) ? value.replace(/[&"'<>\\]/g, (character) => ESCAPES[character]!) : value;
}

interface Slotted<T> {
  params: T;
  values: string[];
}

/** What tells one kind of macro's parameters apart: the strings it reads as code, and how it compares values. */
interface SlotRules {
  /** Strings under these keys steer the macros or are code's own: kept as they are. */
  literalKeys: ReadonlySet<string>;
  /** Objects under these keys are found by value (a radio's reveals): their keys are slots like the values. */
  keysAreValuesUnder?: ReadonlySet<string>;
  /**
   * Equal strings share one slot, so a macro's comparisons (the chosen option) still hold. A macro
   * that compares no values (a summary list) gives each its own, so its shapes do not multiply with
   * which answers happen to be equal.
   */
  shareEqualValues: boolean;
}

/** Numbers the values put in slots, in the order they are met. */
class SlotNumbers {
  readonly values: string[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(private readonly share: boolean) {}

  number(value: string): number {
    let number = this.share ? this.numbers.get(value) : undefined;
    if (number === undefined) {
      number = this.values.push(value) - 1;
      if (this.share) this.numbers.set(value, number);
    }
    return number;
  }
}

const isSlot = (value: string, key: string | undefined, rules: SlotRules) => value !== '' && !rules.literalKeys.has(key ?? '') && !value.includes(COUNT_PLACEHOLDER);

/**
 * Short stand-ins for the strings a key repeats: the parameters' names and the literal strings
 * (classes, a field's name). Both come from code, so they are few; the bound only keeps a mistake
 * from growing it without end. A stand-in is `'` and a number, apart from slots' `#`; numbers are
 * never given twice, so a key made before the map was emptied cannot name another shape.
 */
const STAND_INS_MAX = 20_000;
const standIns = new Map<string, string>();
let standInsGiven = 0;
function standIn(text: string): string {
  let token = standIns.get(text);
  if (token === undefined) {
    if (standIns.size >= STAND_INS_MAX) standIns.clear();
    token = `'${(standInsGiven += 1)}`;
    standIns.set(text, token);
  }
  return token;
}

/**
 * What tells a shape from every other, written as the parameters are walked: a slot is `#` and its
 * number, a name or a literal string its stand-in, anything else its JSON. Written without building
 * the shape, which is only drawn once, and short, since every request looks it up.
 */
function shapeKey(params: unknown, rules: SlotRules): { key: string; values: string[] } {
  const slots = new SlotNumbers(rules.shareEqualValues);
  const write = (value: unknown, key: string | undefined): string => {
    if (typeof value === 'string') return isSlot(value, key, rules) ? `#${slots.number(value)}` : standIn(value);
    if (Array.isArray(value)) {
      let text = '[';
      for (const item of value) text += `${write(item, undefined)},`;
      return `${text}]`;
    }
    if (value && typeof value === 'object') {
      const named = rules.keysAreValuesUnder?.has(key ?? '');
      let text = '{';
      for (const name in value) {
        if (!Object.hasOwn(value, name)) continue;
        const label = named ? `#${slots.number(name)}` : standIn(name);
        text += `${label}:${write((value as Record<string, unknown>)[name], name)},`;
      }
      return `${text}}`;
    }
    return value === undefined || typeof value === 'function' ? 'u' : JSON.stringify(value);
  };
  return { key: write(params, undefined), values: slots.values };
}

/** The parameters with each word or value as a slot, numbered as shapeKey numbers them. */
function slotted<T>(params: T, rules: SlotRules): Slotted<T> {
  const slots = new SlotNumbers(rules.shareEqualValues);
  const slot = (value: string): string => `${PAD}\u0001${slots.number(value)}\n&\u0002${PAD}`;
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (typeof value === 'string') return isSlot(value, key, rules) ? slot(value) : value;
    if (Array.isArray(value)) return value.map((item) => walk(item, undefined));
    if (value && typeof value === 'object') {
      const rename = rules.keysAreValuesUnder?.has(key ?? '') ? slot : (name: string) => name;
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [rename(name), walk(item, name)]));
    }
    return value;
  };
  return { params: walk(params, undefined) as T, values: slots.values };
}

/** Where a value goes in a kept drawing, and what the macros did to it there. */
interface SlotUse {
  number: number;
  trimStart: boolean;
  trimEnd: boolean;
  /** How many times over the value was escaped. */
  escapes: number;
  /** The indent the macros gave the value's later lines. */
  indent: string;
}

/** A kept drawing, read once: the HTML between the slots (one more piece than slots), and the slots. */
interface Drawing {
  pieces: string[];
  slots: SlotUse[];
}

function readDrawing(drawn: string): Drawing {
  const pieces: string[] = [];
  const slots: SlotUse[] = [];
  let from = 0;
  for (const match of drawn.matchAll(SLOT)) {
    const [whole, before, number, indent, amps, after] = match as unknown as [string, string, string, string, string, string];
    pieces.push(drawn.slice(from, match.index));
    slots.push({ number: Number(number), trimStart: !before, trimEnd: !after, escapes: amps.length / 4, indent });
    from = match.index + whole.length;
  }
  pieces.push(drawn.slice(from));
  return { pieces, slots };
}

function placed(value: string, slot: SlotUse): string {
  if (slot.trimStart) value = value.trimStart();
  if (slot.trimEnd) value = value.trimEnd();
  for (let times = slot.escapes; times > 0; times -= 1) value = escapeLikeNunjucks(value);
  return slot.indent ? value.replaceAll('\n', `\n${slot.indent}`) : value;
}

function fill(drawing: Drawing, values: readonly string[]): string {
  const { pieces, slots } = drawing;
  let html = pieces[0]!;
  for (let index = 0; index < slots.length; index += 1) html += placed(values[slots[index]!.number]!, slots[index]!) + pieces[index + 1]!;
  return html;
}

/** A file field's template reads the page's words and its files: it is always drawn by its macro. */
function compilable(view: FieldView): boolean {
  if (view.macro === 'appFileUpload') return false;
  return Object.values(view.reveals ?? {}).every((nested) => nested.every(compilable));
}

/**
 * `draw` is a macro's own drawing of its parameters. The function given back draws parameters the
 * same way from their shape's kept drawing (made anew each time when `keep` is false), or answers
 * undefined for parameters it leaves to the macro.
 */
export function macroCompiler<T>(
  draw: (params: T) => string,
  rules: SlotRules & { keep: boolean; compilable?: (params: T) => boolean },
): (params: T) => string | undefined {
  const shapes = new Map<string, Drawing>();
  return (params) => {
    if (rules.compilable && !rules.compilable(params)) return undefined;
    const { key, values } = shapeKey(params, rules);
    let drawing = shapes.get(key);
    if (drawing === undefined) {
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      drawing = readDrawing(draw(slotted(params, rules).params));
      // Without the template cache (development), an edited template shows at once: nothing is kept.
      if (rules.keep) shapes.set(key, drawing);
    }
    return fill(drawing, values);
  };
}

/** A field's drawing (appFieldMacros) from its shape's kept drawing. */
export function fieldCompiler(draw: (view: FieldView) => string, options: { keep: boolean } = { keep: true }): (view: FieldView) => string | undefined {
  return macroCompiler(draw, { keep: options.keep, literalKeys: LITERAL_KEYS, keysAreValuesUnder: REVEALS, shareEqualValues: true, compilable });
}

/** Strings a summary list reads as code: its classes. */
const SUMMARY_LITERAL_KEYS = new Set(['classes']);

/** A summary list's drawing (govukSummaryList) from its shape's kept drawing: rows, actions and card title as slots. */
export function summaryListCompiler(draw: (params: object) => string, options: { keep: boolean } = { keep: true }): (params: object) => string | undefined {
  return macroCompiler(draw, { keep: options.keep, literalKeys: SUMMARY_LITERAL_KEYS, shareEqualValues: false });
}
