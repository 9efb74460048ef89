// What a service asks to be uploaded. The upload and the engine's file field both check a file
// against it, so it lives with the documents, below the engine and the catalogue.

export type DocumentType = 'pdf' | 'jpeg' | 'png';

export interface DocumentRequirement {
  /** Name in locales `services:documents.<id>`. */
  readonly id: string;
  readonly required: boolean;
  readonly types: readonly DocumentType[];
  readonly maxSizeMb: number;
  readonly maxFiles: number;
}
