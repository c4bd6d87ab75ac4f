// The import rules TypeScript cannot enforce. A package's tsconfig `types` hides ambient globals
// (Buffer, process) but `import 'vscode'` still resolves from node_modules/@types, and nothing
// stops one front end importing another or two files importing each other. This reads every
// import of every package with the TypeScript parser and reports what breaks the layering and
// every import circle. `scripts/typecheck.mjs` runs it; test/layering checks it on fixtures.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Each package: its folder, the packages it may import (`typeOnly`: only with `import type`),
 * and the npm modules it may import (`node:*` stands for every Node built-in).
 */
export const packages = [
  {
    name: 'platform',
    dir: 'platform',
    packages: ['platform'],
    modules: ['yaml', 'ajv', 'vscode-languageserver-types', 'vscode-languageserver-textdocument'],
  },
  {
    name: 'protocol',
    dir: 'protocol',
    packages: ['protocol', 'platform'],
    typeOnly: ['kube'],
    modules: ['vscode-languageserver-protocol'],
  },
  // `ws`: the WebSocket client that @kubernetes/client-node depends on, for exec and port-forward streams.
  { name: 'kube', dir: 'kube', packages: ['kube', 'platform'], modules: ['node:*', '@kubernetes/client-node', 'ws', 'yaml', 'diff'] },
  { name: 'installation', dir: 'installation', packages: ['installation', 'platform'], modules: ['node:*'] },
  {
    name: 'server',
    dir: 'server/src',
    packages: ['server', 'platform', 'protocol', 'installation'],
    modules: ['node:*', 'vscode-languageserver', 'vscode-languageserver-textdocument', 'vscode-languageserver-types'],
  },
  {
    name: 'client',
    dir: 'client/src',
    packages: ['client', 'platform', 'kube', 'protocol', 'installation'],
    modules: ['vscode', 'vscode-languageclient', 'node:*', 'yaml'],
  },
  {
    name: 'cli',
    dir: 'cli/src',
    packages: ['cli', 'platform', 'kube', 'installation'],
    // The CLI runs the platform language service, which speaks in LSP documents and diagnostics.
    modules: ['node:*', 'yaml', 'vscode-languageserver-textdocument', 'vscode-languageserver-types'],
  },
];

/** Every import of a file: its specifier, line and whether it names types only. */
export function importsOf(fileName, text, ts) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (node, specifierNode, typeOnly) => {
    if (!specifierNode || !ts.isStringLiteralLike(specifierNode)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier: specifierNode.text, line, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const typeOnly =
        node.isTypeOnly ||
        (node.exportClause !== undefined &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.length > 0 &&
          node.exportClause.elements.every((element) => element.isTypeOnly));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if ((isDynamicImport || isRequire) && node.arguments.length > 0) add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function tsFilesBelow(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFilesBelow(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The file a relative specifier names, as the bundler would find it; undefined when none. */
function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.d.ts`, join(base, 'index.ts')];
  if (base.endsWith('.js')) candidates.push(`${base.slice(0, -3)}.ts`);
  return candidates.find((path) => existsSync(path) && statSync(path).isFile());
}

/** The npm package a bare specifier names: `@scope/name/sub` → `@scope/name`, `fs` → `node:fs`. */
function moduleName(specifier) {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? `node:${name}` : name;
}

function moduleAllowed(pkg, name) {
  return pkg.modules.some((allowed) => allowed === name || (allowed === 'node:*' && name.startsWith('node:')));
}

function allowedText(pkg) {
  const typeOnly = (pkg.typeOnly ?? []).map((name) => `${name} (type-only)`);
  return [...pkg.packages, ...typeOnly, ...pkg.modules].join(', ');
}

/**
 * Checks `root`'s packages. Returns the broken rules as `file:line: message` lines and every
 * import circle: `path` one circle through it in import order (first file repeated at the end),
 * `files` every file caught in it (a strongly connected component), relative to root.
 */
export function checkLayering(root, rules = packages) {
  const ts = require('typescript');
  const absolute = rules.map((pkg) => ({ ...pkg, path: resolve(root, pkg.dir) }));
  const packageOf = (file) =>
    absolute
      .filter((pkg) => file === pkg.path || file.startsWith(pkg.path + sep))
      .sort((a, b) => b.path.length - a.path.length)[0];

  const violations = [];
  const edges = new Map();
  for (const pkg of absolute) {
    for (const file of tsFilesBelow(pkg.path)) {
      if (packageOf(file) !== pkg) continue; // a nested package's file is checked as its own
      const shown = relative(root, file);
      const targets = [];
      edges.set(file, targets);
      for (const { specifier, line, typeOnly } of importsOf(file, readFileSync(file, 'utf8'), ts)) {
        const where = `${shown}:${line}: ${pkg.name} may not import`;
        if (specifier.startsWith('.')) {
          const target = resolveRelative(file, specifier);
          const targetPath = target ?? resolve(dirname(file), specifier);
          const targetPackage = packageOf(targetPath);
          if (target !== undefined && targetPackage !== undefined) targets.push(target);
          const name = targetPackage?.name;
          const ok =
            name !== undefined && (pkg.packages.includes(name) || (typeOnly && (pkg.typeOnly ?? []).includes(name)));
          if (!ok) {
            const what = name === undefined ? `${relative(root, targetPath)} (outside every package)` : `${name} (${specifier})`;
            const typeNote = name !== undefined && (pkg.typeOnly ?? []).includes(name) ? ' except with import type' : '';
            violations.push(`${where} ${what}${typeNote} (allowed: ${allowedText(pkg)})`);
          }
        } else {
          const name = moduleName(specifier);
          if (!moduleAllowed(pkg, name)) violations.push(`${where} ${specifier} (allowed: ${allowedText(pkg)})`);
        }
      }
    }
  }
  const cycles = findCycles(edges).map(({ path, files }) => ({
    path: path.map((file) => relative(root, file)),
    files: files.map((file) => relative(root, file)).sort(),
  }));
  return { violations, cycles };
}

/**
 * One entry per strongly connected component of the import graph (Tarjan's algorithm, iterative
 * so a deep import chain cannot overflow the stack), each a path that starts and ends at one file.
 */
export function findCycles(edges) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let counter = 0;
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (edges.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((files) => ({ path: circleThrough(files, edges), files }));
}

/** A shortest circle from the component's first file (in sorted order) back to itself. */
function circleThrough(component, edges) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const previous = new Map();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const target of edges.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)) path.unshift(at);
        path.unshift(start);
        return path;
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** The report's text: one line per broken rule, one per circle; empty when all is well. */
export function describeLayering({ violations, cycles }) {
  return [
    ...violations,
    ...cycles.map(({ path, files }) => {
      const others = files.filter((file) => !path.includes(file));
      const more = others.length > 0 ? ` (the circle also takes in ${others.join(', ')})` : '';
      return `import circle: ${path.join(' → ')}${more}`;
    }),
  ];
}
