// The largest files and functions in src/ (issue 18 asks for them before and after). Functions are
// what the compiler parses as one (declarations, methods, arrows, function expressions) and are
// counted by the lines they span, so a function's nested helpers count inside it as well as alone.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');
const most = Number(process.argv.find((arg) => arg.startsWith('--most='))?.slice(7) ?? 10);

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  return '(anonymous)';
}

const files: [string, number][] = [];
const functions: [string, number][] = [];
for (const path of sourceFiles(join(root, 'src'))) {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const name = relative(root, path);
  files.push([name, source.getLineAndCharacterOfPosition(source.end).line]);
  const lines = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.end).line - source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) functions.push([`${name} ${nameOf(node as ts.FunctionLikeDeclaration, source)}`, lines(node)]);
    ts.forEachChild(node, visit);
  };
  visit(source);
}

const top = (rows: [string, number][]) => rows.sort((a, b) => b[1] - a[1]).slice(0, most).map(([what, count]) => `${String(count).padStart(5)} ${what}`);
console.log(`Largest files (lines), of ${files.length}:\n${top(files).join('\n')}`);
console.log(`Largest functions (lines), of ${functions.length}:\n${top(functions).join('\n')}`);
