export interface Bar {
  label: string;
  value: number;
  /** What the bar's end says: the formatted figure, or "fewer than 5". */
  text: string;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A horizontal bar chart drawn on the server as SVG: no script, no styles of its own (colours are
 * attributes, so the Content-Security-Policy needs nothing more). Each label sits above its bar, so
 * long service names never crowd it. It is hidden from screen readers: the table below says the
 * same, and the figure points to it.
 */
export function barChart(input: { bars: Bar[] }): string {
  const width = 640;
  const row = 46;
  const barWidth = 440;
  const max = Math.max(1, ...input.bars.map((bar) => bar.value));
  const rows = input.bars.map((bar, index) => {
    const y = index * row;
    const length = bar.value > 0 ? Math.max(2, Math.round((bar.value / max) * barWidth)) : 0;
    return (
      `<text x="0" y="${y + 14}" font-size="14" fill="#0b0c0c">${escape(bar.label)}</text>` +
      `<rect x="0" y="${y + 20}" width="${length}" height="18" fill="#1d70b8"></rect>` +
      `<text x="${length + 6}" y="${y + 34}" font-size="14" fill="#0b0c0c">${escape(bar.text)}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${width} ${input.bars.length * row}" width="100%" aria-hidden="true" focusable="false">${rows.join('')}</svg>`;
}
