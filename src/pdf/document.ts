import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** DejaVu Sans has the Azerbaijani and Cyrillic letters; embedded (as a subset), the document reads the same anywhere. */
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

const GREY = '#505a5f';
const BLACK = '#0b0c0c';

/** A section of labelled values: how a receipt draws a card of answers, a fee or a booking. */
export interface PdfSection {
  title: string;
  rows: { label: string; value: string }[];
}

export interface NewPdf {
  doc: PDFKit.PDFDocument;
  /** The document's bytes, once `doc.end()` has been called. */
  bytes: Promise<Buffer>;
}

/**
 * An A4 document in one language, its two fonts registered as 'regular' and 'bold'. PDFKit is loaded
 * by the first document, not by every process as it starts: a fifth of what a worker loads, for pages few ask for.
 */
export async function newPdf(options: { title: string; author: string; language: string }): Promise<NewPdf> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 56, lang: options.language, info: { Title: options.title, Author: options.author }, pdfVersion: '1.7' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  return { doc, bytes };
}

/** Who issues it (small, grey), what it is (the title) and what it is about (a line under it). */
export function drawHeading(doc: PDFKit.PDFDocument, heading: { authority: string; title: string; subtitle: string }): void {
  doc.font('regular').fontSize(10).fillColor(GREY).text(heading.authority);
  doc.moveDown(0.5).font('bold').fontSize(20).fillColor(BLACK).text(heading.title);
  doc.font('regular').fontSize(12).text(heading.subtitle).moveDown();
}

/** A label in bold over its value. */
export function drawLabelled(doc: PDFKit.PDFDocument, label: string, value: string): void {
  doc.font('bold').fontSize(10).text(label);
  doc.font('regular').fontSize(12).text(value).moveDown(0.5);
}

/** Each section as a heading and its labelled values; a section is not split from its heading at a page end. */
export function drawSections(doc: PDFKit.PDFDocument, sections: readonly PdfSection[]): void {
  for (const section of sections) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    doc.moveDown(0.5).font('bold').fontSize(14).fillColor(BLACK).text(section.title).moveDown(0.3);
    for (const row of section.rows) drawLabelled(doc, row.label, row.value);
  }
}

/** A closing note in small grey type. */
export function drawNote(doc: PDFKit.PDFDocument, lines: readonly string[]): void {
  doc.moveDown();
  for (const line of lines) doc.font('regular').fontSize(9).fillColor(GREY).text(line).moveDown(0.3);
  doc.fillColor(BLACK);
}
