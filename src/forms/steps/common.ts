// Every step kind extends this; it lives apart from the union in types.ts so a step module need
// not import the list of all steps it is itself a member of.

export interface StepCommon<Id extends string = string> {
  readonly id: Id;
  /** The block whose shared words (`forms:blocks.<block>`) it falls back on. */
  readonly block?: string;
}
