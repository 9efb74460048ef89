import { commonWordLists } from './text/common-words.js';

/**
 * How hard a secret is to guess, estimated from the secret alone, for refusing weak ones at start.
 * Production asks 128 bits: 32 random hexadecimal digits' worth (`openssl rand -hex 16`; the README
 * suggests `-hex 32`). The estimate, as the README states it:
 * - a secret written out again and again counts once (its shortest repeating unit);
 * - a run of six or more characters each the same as the one before, or one after it in the
 *   character table (`aaaaaa`, `abcdef`, `987654`), counts as its first character;
 * - a word of five letters or more from zxcvbn's lists of common passwords and words counts as one
 *   pick from those lists (about 16 bits), however long it is (words of only the letters a to f are
 *   left to the next rule: a hexadecimal secret would otherwise be read as words);
 * - every other character counts log2 of the alphabet it was drawn from: the classes it uses
 *   (hexadecimal digits 16, where the letters are only a to f; else lower case 26, upper case 26,
 *   digits 10; any other character 33), each class no larger than twice the characters of it the
 *   secret holds (a random string uses most of its alphabet; `aaaab` does not).
 */
export const REQUIRED_SECRET_BITS = 128;

/** Placeholders people leave in a configuration: refused whatever the estimate says. */
const PLACEHOLDERS = ['changeme', 'replaceme', 'secret', 'password', 'example', 'default', 'placeholder', 'keyboardcat', 'insecure'];

/**
 * zxcvbn's words, read only for a secret that could hold one: production checks its secret in every
 * process at start, and a hexadecimal secret (what the README suggests) never needs them (80 ms each).
 */
let commonWords: { words: ReadonlySet<string>; bits: number } | undefined;
function wordList(): { words: ReadonlySet<string>; bits: number } {
  if (!commonWords) {
    const dictionary = commonWordLists();
    const words = new Set(
      [...dictionary['passwords-common'], ...dictionary['diceware-common']]
        .map((word) => word.toLowerCase())
        .filter((word) => /^\p{L}{5,20}$/u.test(word) && /[^a-f]/.test(word)),
    );
    commonWords = { words, bits: Math.log2(words.size) };
  }
  return commonWords;
}

/** Whether any five letters in a row hold one besides a to f: every word of the list does. */
const mayHoldWords = (lower: string) => [...lower.matchAll(/\p{L}{5,}/gu)].some(([letters]) => /[^a-f]/.test(letters));

/** Whether the secret holds a placeholder word (separators and case aside). */
export function isPlaceholderSecret(secret: string): boolean {
  const letters = secret.toLowerCase().replace(/[\s\-_.]/g, '');
  return PLACEHOLDERS.some((word) => letters.includes(word));
}

export function estimateSecretBits(secret: string): number {
  const unit = withoutRuns(shortestRepeatingUnit([...secret]));
  if (!mayHoldWords(unit.join('').toLowerCase())) return unit.length * Math.log2(alphabetOf(unit));
  const { words, rest } = takeWords(unit, wordList().words);
  return words * wordList().bits + rest.length * Math.log2(alphabetOf(rest));
}

/** The shortest start that the rest repeats, when it is written at least twice over. */
function shortestRepeatingUnit(characters: string[]): string[] {
  for (let period = 1; period <= characters.length / 2; period += 1) {
    if (characters.every((character, index) => index < period || character === characters[index - period])) return characters.slice(0, period);
  }
  return characters;
}

/** Where six or more characters step by -1, 0 or +1 each, only the first is kept. */
function withoutRuns(characters: string[]): string[] {
  const RUN = 6;
  const kept: string[] = [];
  for (let start = 0; start < characters.length; ) {
    const step = characters.length > start + 1 ? characters[start + 1]!.codePointAt(0)! - characters[start]!.codePointAt(0)! : 2;
    let end = start + 1;
    while (Math.abs(step) <= 1 && end < characters.length && characters[end]!.codePointAt(0)! - characters[end - 1]!.codePointAt(0)! === step) end += 1;
    if (end - start >= RUN) {
      kept.push(characters[start]!);
      start = end;
    } else {
      kept.push(characters[start]!);
      start += 1;
    }
  }
  return kept;
}

/** Words found from left to right, longest first; what is left between them, in order. */
function takeWords(characters: string[], known: ReadonlySet<string>): { words: number; rest: string[] } {
  const lower = characters.map((character) => character.toLowerCase());
  const rest: string[] = [];
  let words = 0;
  for (let index = 0; index < characters.length; ) {
    let length = Math.min(20, characters.length - index);
    while (length >= 5 && !known.has(lower.slice(index, index + length).join(''))) length -= 1;
    if (length >= 5) {
      words += 1;
      index += length;
    } else {
      rest.push(characters[index]!);
      index += 1;
    }
  }
  return { words, rest };
}

function alphabetOf(characters: string[]): number {
  const hexOnly = characters.every((character) => /[0-9a-f]/.test(character)) || characters.every((character) => /[0-9A-F]/.test(character));
  const classes: [RegExp, number][] = hexOnly
    ? [[/[0-9a-fA-F]/, 16]]
    : [
        [/[a-z]/, 26],
        [/[A-Z]/, 26],
        [/[0-9]/, 10],
      ];
  const inClass = (character: string) => classes.findIndex(([pattern]) => pattern.test(character));
  const distinct = new Map<number, Set<string>>();
  for (const character of characters) {
    const found = inClass(character);
    const group = found < 0 ? classes.length : found;
    distinct.set(group, (distinct.get(group) ?? new Set()).add(character));
  }
  let size = 0;
  for (const [group, seen] of distinct) size += Math.min(group < classes.length ? classes[group]![1] : 33, 2 * seen.size);
  return Math.max(size, 1);
}
