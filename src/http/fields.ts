/** Whether a value is an object whose fields can be read by name (a parsed form, a query, a step's answers). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A request's body (or a part of one) as fields by name. Express leaves `req.body` undefined where no
 * body was read and types it `any`; this checks it is an object instead of asserting so, and gives
 * no fields where it is not one.
 */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
