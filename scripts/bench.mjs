// `npm run bench`: builds the server if dist/ lacks it, bundles bench/*.ts into dist/bench/,
// then runs the language-server benchmark (Berth vs yaml-language-server vs the in-process floor)
// and after it the cluster benchmark (bench/cluster: berth deploy vs kubectl apply --server-side,
// the watch cache vs kubectl get on 10,000 pods) on the bench's own local cluster.
// and the scaling bench (bench/scaling.ts: inputs of size N and 2N through `berth validate`).
// and the custom-resource bench (bench/customResources.ts: N custom resources vs N Deployments).
// and the checks bench (bench/checks.ts: the 5,000-document file with every best-practice check on vs off).
// and the CLI bench (bench/kubeconform.ts: cold start against `node -e 0`, and Berth against kubeconform,
// built from the Go module proxy on first use, on 50,000 resources).
// and the charts bench (bench/charts.ts: a 30-template chart through berth validate and the language
// server against `helm template` alone).
// and the huge-file bench (bench/huge.ts: Berth's server and yaml-language-server on 50,000- and 200,000-line files).
// and the activation bench (bench/activation/main.mjs: Berth's activation and first diagnostics in code-server
// against an empty extension that starts the same language server; BENCH_ACTIVATION_RUNS=3).
// and the explorer bench (bench/explorer/main.mjs: the Clusters view in code-server against 30,000 pods in 3,000
// namespaces on the bench's own cluster: first rows after each expand, the extension host's RSS and event-loop delay).
// `npm run bench -- lsp`, `-- cluster`, `-- scaling`, `-- crds`, `-- checks`, `-- cli`, `-- charts`, `-- huge`, `-- activation` or `-- explorer` runs only one of them.
// Knobs: BENCH_SIZES=1000,5000 BENCH_WORKSPACE_FILES=2000 BENCH_TIMEOUT_MS=60000 BENCH_SKIP_YLS=1
//        BENCH_CPU_PROF=/tmp/prof (profile the Berth servers with node --cpu-prof)
//        cluster ones: see the header of bench/cluster/main.ts
import * as esbuild from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliEntryPoints } from './cliEntries.mjs';

const root = new URL('..', import.meta.url).pathname;

const parts = process.argv.slice(2);
const unknown = parts.filter((p) => p !== 'lsp' && p !== 'cluster' && p !== 'scaling' && p !== 'crds' && p !== 'checks' && p !== 'cli' && p !== 'charts' && p !== 'huge' && p !== 'activation' && p !== 'explorer');
if (unknown.length) {
  console.error(`[bench] unknown part ${unknown.join(', ')}: use lsp, cluster, scaling, crds, checks, cli, charts, huge, activation, explorer or nothing (all)`);
  process.exit(2);
}
const runLsp = parts.length === 0 || parts.includes('lsp');
const runCluster = parts.length === 0 || parts.includes('cluster');
const runScaling = parts.length === 0 || parts.includes('scaling');
const runCrds = parts.length === 0 || parts.includes('crds');
const runChecks = parts.length === 0 || parts.includes('checks');
const runCli = parts.length === 0 || parts.includes('cli');
const runCharts = parts.length === 0 || parts.includes('charts');
const runHuge = parts.length === 0 || parts.includes('huge');
const runActivation = parts.length === 0 || parts.includes('activation');
const runExplorer = parts.length === 0 || parts.includes('explorer');

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning' };

if (runLsp || runHuge) {
  if (!existsSync(join(root, 'dist/server.js'))) {
    console.log('[bench] dist/server.js missing: node scripts/build.mjs');
    const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  if (!existsSync(join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'))) {
    console.error('[bench] yaml-language-server is not installed: run npm install (it is a devDependency).');
    process.exit(1);
  }
  await esbuild.build({
    ...common,
    entryPoints: { main: join(root, 'bench/main.ts'), floor: join(root, 'bench/floor.ts'), huge: join(root, 'bench/huge.ts'), 'symbols-echo': join(root, 'bench/symbolsEcho.ts') },
    outdir: join(root, 'dist/bench'),
  });
}
if (runCluster) {
  // The berth CLI is bundled from source here (as scripts/build.mjs does), so the deploy bench
  // times the code in the tree, not whatever dist/cli.js was last built from.
  await esbuild.build({ ...common, entryPoints: { main: join(root, 'bench/cluster/main.ts') }, outdir: join(root, 'dist/bench/cluster') });
  // What is timed is built as it ships (`npm run package` builds with --production: minified,
  // no source maps), since loading the bundle is part of a fresh process's time.
  await esbuild.build({
    ...common,
    entryPoints: { 'cache-child': join(root, 'bench/cluster/cacheChild.ts'), ...cliEntryPoints(root, 'berth') },
    outdir: join(root, 'dist/bench/cluster'),
    minify: true,
    sourcemap: false,
    external: ['vscode'],
  });
}

if (runScaling) {
  // The CLI is bundled from source, as shipped, so the bench times the code in the tree and not
  // whatever dist/cli.js was last built from.
  await esbuild.build({ ...common, entryPoints: { scaling: join(root, 'bench/scaling.ts') }, outdir: join(root, 'dist/bench') });
  await esbuild.build({
    ...common,
    entryPoints: cliEntryPoints(root, 'berth'),
    outdir: join(root, 'dist/bench/scaling'),
    minify: true,
    sourcemap: false,
    external: ['vscode'],
  });
}

/** Runs one bench script; resolves with its exit code. Ctrl-C reaches it and ends it. */
function run(script, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script], { stdio: 'inherit', env: { ...process.env, ...env } });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

if (runCrds) await esbuild.build({ ...common, entryPoints: { 'custom-resources': join(root, 'bench/customResources.ts') }, outdir: join(root, 'dist/bench') });

if (runChecks) await esbuild.build({ ...common, entryPoints: { checks: join(root, 'bench/checks.ts') }, outdir: join(root, 'dist/bench') });

if (runCharts) await esbuild.build({ ...common, entryPoints: { charts: join(root, 'bench/charts.ts') }, outdir: join(root, 'dist/bench') });

const cliEnv = {};
if (runCli) {
  // The CLI as it ships (minified, every bundle), and kubeconform built here from the module proxy.
  await esbuild.build({ ...common, entryPoints: { kubeconform: join(root, 'bench/kubeconform.ts') }, outdir: join(root, 'dist/bench') });
  await esbuild.build({ ...common, entryPoints: cliEntryPoints(root), outdir: join(root, 'dist/bench/cli'), minify: true, sourcemap: false, external: ['vscode'] });
  const { ensureKubeconform } = await import('./tools/kubeconform.mjs');
  const { ensureKubeconformSchemas } = await import('./tools/kubeconformSchemas.mjs');
  const kubeconform = await ensureKubeconform().catch((error) => {
    console.error(`[bench] cli: ${error.message}`);
    process.exit(1);
  });
  const schemas = ensureKubeconformSchemas();
  Object.assign(cliEnv, {
    BENCH_KUBECONFORM: kubeconform.binary,
    BENCH_KUBECONFORM_ABOUT: `kubeconform ${kubeconform.version} (built from the Go module proxy in ${kubeconform.buildSeconds} s)`,
    BENCH_KUBECONFORM_SCHEMAS: schemas.location,
    BENCH_KUBECONFORM_VERSION: schemas.kubernetesVersion,
  });
}

// Each bench runs even when an earlier one failed; the exit code reports them all.
const codes = [];
if (runLsp) codes.push(await run(join(root, 'dist/bench/main.js')));
if (runCluster) codes.push(await run(join(root, 'dist/bench/cluster/main.js')));
if (runScaling) codes.push(await run(join(root, 'dist/bench/scaling.js')));
if (runCrds) codes.push(await run(join(root, 'dist/bench/custom-resources.js')));
if (runChecks) codes.push(await run(join(root, 'dist/bench/checks.js')));
if (runCli) codes.push(await run(join(root, 'dist/bench/kubeconform.js'), cliEnv));
if (runCharts) codes.push(await run(join(root, 'dist/bench/charts.js')));
if (runHuge) codes.push(await run(join(root, 'dist/bench/huge.js')));
if (runActivation) {
  // The workbench loads Berth from dist/ as the extension tier does: built from the tree first.
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  codes.push(built.status === 0 ? await run(join(root, 'bench/activation/main.mjs')) : built.status ?? 1);
}
if (runExplorer) {
  // Berth from dist/, built from the tree (unless the activation part just did); the fleet's side in TypeScript, bundled.
  const built = runActivation ? { status: 0 } : spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (built.status === 0) await esbuild.build({ ...common, entryPoints: { fleet: join(root, 'bench/explorer/fleet.ts') }, outdir: join(root, 'dist/bench/explorer') });
  codes.push(built.status === 0 ? await run(join(root, 'bench/explorer/main.mjs')) : built.status ?? 1);
}
process.exit(codes.find((c) => c !== 0) ?? 0);
