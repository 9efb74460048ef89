import { LRUCache } from 'lru-cache';
import nunjucks from 'nunjucks';

/**
 * Bounded by the memory the parts take (a header holds its page's address three times over, and an
 * address can be long), not by their number, so no run of odd addresses can fill the heap.
 */
const KEPT_BYTES = 8 * 1024 * 1024;

interface ParserLike {
  nextToken(): { value: string };
  parseSignature(throwErrors: null, noParens: boolean): unknown;
  advanceAfterBlockEnd(name?: string): void;
  parseUntilBlocks(...names: string[]): unknown;
}

interface NodesLike {
  CallExtension: new (extension: object, method: string, args: unknown, bodies: unknown[]) => unknown;
}

/**
 * `{% keep "name", value, … %}…{% endkeep %}`: the HTML between is drawn once for each set of
 * values and kept, so a page's frame (the header, the footer, a form's buttons) costs a lookup, not
 * a run of govuk macros, on every request. The values must be everything the part reads: what it
 * draws for one set of values is what it draws for that set every time. Where templates are not kept
 * (development) nothing is, so a template being edited is drawn afresh.
 */
export class KeepExtension {
  readonly tags = ['keep'];
  private readonly parts = new LRUCache<string, string>({ maxSize: KEPT_BYTES, sizeCalculation: (html, key) => (html.length + key.length) * 2 });

  constructor(private readonly keep: boolean) {}

  parse(parser: ParserLike, nodes: NodesLike): unknown {
    const tag = parser.nextToken();
    const args = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(tag.value);
    const body = parser.parseUntilBlocks('endkeep');
    parser.advanceAfterBlockEnd();
    return new nodes.CallExtension(this, 'run', args, [body]);
  }

  run(_context: unknown, ...args: unknown[]): nunjucks.runtime.SafeString {
    const body = args.pop();
    if (typeof body !== 'function') throw new Error('{% keep %} has no body');
    if (!this.keep) return new nunjucks.runtime.SafeString(String(body()));
    const key = args.map(String).join('\u0000');
    let html = this.parts.get(key);
    if (html === undefined) {
      html = String(body());
      this.parts.set(key, html);
    }
    return new nunjucks.runtime.SafeString(html);
  }
}
