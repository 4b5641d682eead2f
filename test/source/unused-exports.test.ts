// Exports nothing imports: every name exported by a file of source/ is imported somewhere (source, test,
// bench, scripts, cli.tsx), or it is not exported. A type that its own file names again (in a field, a
// parameter, another type) is part of that file's exported contract and may stay exported. Read with the TypeScript parser alone (no type checker):
// the whole tree parses in a few seconds.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const roots = ['source', 'test', 'bench', 'scripts'];

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(path);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names (`./x.js` is `./x.ts` or `./x.tsx` in the sources). */
function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = normalize(join(dirname(from), specifier));
  const stem = base.replace(/\.(js|mjs)$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${base}.ts`, join(base, 'index.ts')])
    if (existsSync(candidate) && !candidate.endsWith('/')) return candidate;
  return null;
}

const exported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** A type named again in its own file is part of an exported contract (a field, a parameter): it stays. */
function namedInFile(source: ts.SourceFile, name: string): boolean {
  return (source.text.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length > 1;
}

/** Names a file exports by declaration or `export { … }` (not re-exports from elsewhere). */
function exportsOf(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause) {
      if (ts.isNamedExports(statement.exportClause))
        for (const element of statement.exportClause.elements) names.push(element.name.text);
      continue;
    }
    if (!exported(statement)) continue;
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      if (!namedInFile(source, statement.name.text)) names.push(statement.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

type Uses = { names: Map<string, Set<string>>; whole: Set<string> };

/** Every imported name per target file; a namespace import, `export *` or `import()` uses the whole file. */
function usesOf(paths: readonly string[]): Uses {
  const uses: Uses = { names: new Map(), whole: new Set() };
  const use = (target: string, name: string): void => {
    const set = uses.names.get(target) ?? new Set<string>();
    set.add(name);
    uses.names.set(target, set);
  };
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
    const visit = (node: ts.Node): void => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        const target = resolve(path, node.moduleSpecifier.text);
        if (target !== null) {
          const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
          const bindings = clause?.namedBindings;
          if (ts.isExportDeclaration(node)) {
            if (node.exportClause && ts.isNamedExports(node.exportClause))
              for (const e of node.exportClause.elements) use(target, (e.propertyName ?? e.name).text);
            else uses.whole.add(target);
          } else if (bindings && ts.isNamespaceImport(bindings)) uses.whole.add(target);
          else if (bindings && ts.isNamedImports(bindings))
            for (const e of bindings.elements) use(target, (e.propertyName ?? e.name).text);
          if (clause?.name) use(target, 'default');
        }
      }
      if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] !== undefined &&
        ts.isStringLiteralLike(node.arguments[0])
      ) {
        const target = resolve(path, node.arguments[0].text);
        if (target !== null) uses.whole.add(target);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

describe('unused exports', () => {
  it('every export of source/ is imported somewhere (else it is deleted or not exported)', () => {
    const everything = [...roots.flatMap(files), 'cli.tsx'];
    const uses = usesOf(everything);
    const unused = files('source')
      .filter((path) => /\.tsx?$/.test(path) && !uses.whole.has(path))
      .flatMap((path) => {
        const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false);
        const used = uses.names.get(path) ?? new Set<string>();
        return exportsOf(source)
          .filter((name) => !used.has(name))
          .map((name) => `${path}: ${name}`);
      });
    expect(unused).toEqual([]);
  });
});
