import type { Field } from './field.js';

type Named<F extends Field, N extends string> = Extract<F, { readonly name: N }>;

/**
 * The field of a list called `name`, typed as that field: a block's fields are taken by name, so
 * reordering or adding to a block moves no other service's question. A name the list lacks is a
 * type error, and throws where the types were bypassed.
 */
export function fieldNamed<const Fs extends readonly Field[], const N extends Fs[number]['name']>(fields: Fs, name: N): Named<Fs[number], N> {
  const field = fields.find((candidate): candidate is Named<Fs[number], N> => candidate.name === name);
  if (!field) throw new Error(`No field named "${name}" among ${fields.map((candidate) => candidate.name).join(', ')}`);
  return field;
}

/** The fields of a list called `names`, in the order the names are given. */
export function fieldsNamed<const Fs extends readonly Field[], const N extends Fs[number]['name']>(fields: Fs, ...names: readonly N[]): Named<Fs[number], N>[] {
  return names.map((name) => fieldNamed(fields, name));
}
