/**
 * Counts and articles in English sentences: "1 warning", "2 warnings", "an external". One place,
 * so that no sentence says "1 warnings" or "a external".
 */

const rules = new Intl.PluralRules('en-US');

/** Plurals that do not just add "s". */
const IRREGULAR: Record<string, string> = {
  info: 'info',
  guess: 'guesses',
  reply: 'replies',
  difference: 'differences',
};

/** `noun` in the form `n` asks for, without the number: "warning" for 1, "warnings" for 2. */
export function pluralOf(n: number, noun: string): string {
  if (rules.select(n) === 'one') return noun;
  return IRREGULAR[noun] ?? (/(s|x|z|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`);
}

/** The number and its noun: "1 warning", "0 warnings", "3 guesses". */
export function count(n: number, noun: string): string {
  return `${n} ${pluralOf(n, noun)}`;
}

/** The word after "a" or "an": "an external", "a service", "an API gateway" (by its first letter). */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
