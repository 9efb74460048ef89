// The engine's fee step and the public service pages draw the same kind of table, so the helper
// lives in the engine, the lower of the two.

export type Cell = { text: string; format?: 'numeric'; attributes?: Record<string, string> };

/**
 * A table that becomes a list of labelled rows on a narrow screen (`app-table-stack`): each cell
 * carries its column's heading, shown before it when the header row is hidden.
 */
export function stackable(head: string[], rows: string[][]): { head: Cell[]; rows: Cell[][] } {
  return {
    head: head.map((text, index) => ({ text, ...(index ? { format: 'numeric' as const } : {}) })),
    rows: rows.map((row) => row.map((text, index) => ({ text, ...(index ? { format: 'numeric' as const } : {}), attributes: { 'data-label': head[index]! } }))),
  };
}
