// The one esbuild script: bundles the extension client, the language server and the CLI,
// and (with --tests) every test file, so node:test runs plain JavaScript.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cliEntryPoints } from './cliEntries.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = new Set(process.argv.slice(2));
const withTests = args.has('--tests');
const watch = args.has('--watch');
const production = args.has('--production');

/** The files below `dir` whose name `wanted` accepts. */
function filesBelow(dir, wanted) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesBelow(path, wanted));
    else if (wanted(name)) out.push(path);
  }
  return out;
}

/** Test files are `*.test.ts` below test/; each becomes dist/test/<same path>.js. */
function testEntries(dir) {
  return filesBelow(dir, (name) => name.endsWith('.test.ts') || name.endsWith('.suite.ts'));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // vscode is provided by the editor at run time; nothing else is left outside the bundle.
  external: ['vscode'],
};

/**
 * The extension's lazy import of @kubernetes/client-node (kube/client.ts) becomes a require of the
 * sibling bundle dist/client-node.js: activation then reads a few MB instead of seventeen, and the
 * library loads with the first cluster connection.
 */
const clientNodeApart = {
  name: 'client-node-apart',
  setup(build) {
    // A plain require inside a lazily run module, rather than an import() of a file: the same in
    // every extension host, and resolved next to dist/extension.js.
    build.onResolve({ filter: /^@kubernetes\/client-node$/ }, (args) => (args.kind === 'dynamic-import' ? { path: 'client-node', namespace: 'client-node-apart' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'client-node-apart' }, () => ({ contents: "module.exports = require('./client-node.js');", loader: 'js' }));
    build.onResolve({ filter: /^\.\/client-node\.js$/, namespace: 'client-node-apart' }, () => ({ path: './client-node.js', external: true }));
  },
};

const builds = [
  { ...common, entryPoints: { extension: join(root, 'client/src/extension.ts') }, outdir: join(root, 'dist'), plugins: [clientNodeApart] },
  // No source file of its own: the library re-exported as it is (kube/client.ts holds the types).
  { ...common, stdin: { contents: "export * from '@kubernetes/client-node';", resolveDir: root, sourcefile: 'client-node.js', loader: 'js' }, outfile: join(root, 'dist/client-node.js') },
  { ...common, entryPoints: { server: join(root, 'server/src/node/main.ts') }, outdir: join(root, 'dist') },
  {
    ...common,
    // Several bundles (see cliEntries.mjs): the entry stays small, so a short command starts fast.
    entryPoints: cliEntryPoints(root),
    outdir: join(root, 'dist'),
    banner: { js: '#!/usr/bin/env node' },
  },
];
if (withTests) {
  const entries = Object.fromEntries(
    testEntries(join(root, 'test')).map((p) => [relative(join(root, 'test'), p).replace(/\.ts$/, ''), p]),
  );
  builds.push({ ...common, entryPoints: entries, outdir: join(root, 'dist/test') });
  removeOrphanTests(join(root, 'dist/test'), new Set(Object.keys(entries)));
}

/**
 * Compiled tests whose source is gone (renamed or deleted) would still run, as node:test is given
 * every file below dist/test: they go, with their source maps.
 */
function removeOrphanTests(outdir, entryNames) {
  if (!existsSync(outdir)) return;
  for (const path of filesBelow(outdir, (name) => /\.(test|suite)\.js(\.map)?$/.test(name))) {
    if (!entryNames.has(relative(outdir, path).replace(/\.js(\.map)?$/, ''))) rmSync(path, { force: true });
  }
}

mkdirSync(join(root, 'dist'), { recursive: true });
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
