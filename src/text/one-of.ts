/**
 * Whether a value read from a request is one of a fixed list, narrowing it to the list's type: the
 * check and the type come from the same list, so neither is asserted.
 */
export function isOneOf<T>(list: readonly T[], value: unknown): value is T {
  return list.some((item) => item === value);
}
