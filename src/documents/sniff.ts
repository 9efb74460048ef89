import { fileTypeFromBuffer } from 'file-type';
import type { DocumentType } from '../catalogue/types.js';

const BY_MIME: Record<string, DocumentType> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpeg', 'image/png': 'png' };

/** What the bytes are, whatever the name or the browser says: one of ours, or undefined. */
export async function sniffDocumentType(bytes: Buffer): Promise<DocumentType | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  return found ? BY_MIME[found.mime] : undefined;
}
