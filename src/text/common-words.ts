import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type WordLists = (typeof import('@zxcvbn-ts/language-common'))['dictionary'];

/**
 * zxcvbn's lists of the words and passwords people choose most often, loaded at their first use,
 * not when a module that may use them is: decompressing them took about 80 ms of every process's start.
 */
export function commonWordLists(): WordLists {
  return (require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')).dictionary;
}
