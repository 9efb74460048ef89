/**
 * A name as the officers' search compares it: lower case, without accents, so "Məmmədova",
 * "MAMMADOVA" and "mammadova" meet, and so do "Алёна" and "алена". Letters that carry no
 * accent to drop are mapped by hand: Azerbaijani ə (written "a" in passports: MAMMADOV) and dotless ı.
 *
 * The applications table keeps this form of each applicant's name, indexed by trigrams; the
 * words typed into the search are put through the same function. Changing it means rewriting
 * the column (a migration), so it stays deliberately small.
 */
const OWN_LETTERS: Record<string, string> = { ə: 'a', ı: 'i', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', æ: 'ae', œ: 'oe' };

export function searchableText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[əıßøđłæœ]/g, (letter) => OWN_LETTERS[letter]!)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
