// Counts `x as T` and `<T>x` type assertions in src/ (issue 18): a regex would also count
// `import { a as b }` and words in strings, so the compiler's own parse decides what a cast is.
// `as const` is left out: it asserts nothing about a value, it only keeps literals narrow.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');
const verbose = process.argv.includes('--files');
const listing = process.argv.includes('--list');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

function isAsConst(node: ts.AsExpression | ts.TypeAssertion): boolean {
  return ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) && node.type.typeName.text === 'const';
}

let total = 0;
const perFile: [string, number][] = [];
for (const path of sourceFiles(join(root, 'src'))) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  let count = 0;
  const visit = (node: ts.Node): void => {
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && !isAsConst(node)) {
      count += 1;
      if (listing) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        console.log(`${relative(root, path)}:${line + 1}: ${node.getText().replace(/\s+/g, ' ').slice(-110)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  total += count;
  if (count > 0) perFile.push([relative(root, path), count]);
}

if (verbose) for (const [path, count] of perFile.sort((a, b) => b[1] - a[1])) console.log(`${String(count).padStart(4)} ${path}`);
console.log(`${total} type assertions (as, excluding as const) in src/`);
