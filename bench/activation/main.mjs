// `npm run bench -- activation`: Berth's activation in the real workbench against an empty
// extension that starts the same language server. Each run starts code-server with fresh user
// data, opens samples/ in headless Chromium (as the extension tier does, test/extension/
// runInCodeServer.mjs) with the measured extension under development and the probe (probe.ts) installed,
// and report.ts hands back VS Code's own activation marks and the time samples/mistakes.yaml first
// got diagnostics. Times count from page.goto, the moment the workbench is asked to open the folder.
//   BENCH_ACTIVATION_RUNS=3 (runs per extension; the two alternate)
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from '../../scripts/tools/install.mjs';
import { npmTools } from '../../scripts/tools/versions.mjs';
import { repoRoot } from '../../scripts/tools/paths.mjs';
import { freePort, launchChromium, remoteUri, startCodeServer, workbenchUrl } from '../../scripts/tools/workbench.mjs';
import { emptyId, generateExtensions, probeFolder } from './extensions.mjs';

const runs = Number(process.env.BENCH_ACTIVATION_RUNS || 3);
const runTimeoutMs = 180_000;
const target = 1.5;

/** One workbench session; resolves with the report's sample as spans from page.goto. */
async function measure(tools, browser, variant, extensions, dir) {
  const port = await freePort();
  const resultFile = join(dir, 'result.json');
  // The payload names one extensionDevelopmentPath (the workbench keeps it in a Map), so the probe
  // comes as an installed extension: a folder in the fresh extensions folder, which VS Code lists
  // into its extensions.json when it first starts.
  cpSync(extensions.probe, join(dir, 'extensions', probeFolder), { recursive: true });
  const server = await startCodeServer(tools, {
    dir,
    port,
    env: { ...process.env, BERTH_BENCH_TARGET: variant.id, BERTH_BENCH_RESULT: resultFile },
    quiet: true,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    let settle;
    const exited = new Promise((resolve) => { settle = resolve; });
    const errors = [];
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (type === 'error') errors.push((Array.isArray(args) ? args : [args]).join(' '));
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
    const url = workbenchUrl(server.url, join(repoRoot, 'samples'), [
      ['extensionDevelopmentPath', remoteUri(port, variant.folder)],
      ['extensionTestsPath', remoteUri(port, extensions.report)],
    ]);
    const opened = Date.now();
    await page.goto(url);
    const timer = setTimeout(() => settle('timeout'), runTimeoutMs);
    const code = await exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`${variant.label}: the report ${code === 'timeout' ? `did not finish within ${runTimeoutMs / 1000} s` : `failed (exit ${code})`}: ${errors.join('\n') || 'no error logged'} (code-server log ${server.paths.log})`);
    const sample = JSON.parse(readFileSync(resultFile, 'utf8'));
    return {
      extensionHost: Math.round(sample.extensionHostStarted - opened),
      activated: sample.activated - opened,
      diagnostics: sample.firstDiagnostics - opened,
      activate: sample.activated - sample.willLoadCode,
      afterActivation: sample.firstDiagnostics - sample.activated,
      clientNodeLoaded: sample.clientNodeLoaded,
    };
  } finally {
    await context.close();
    await server.stop();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const size = (file) => `${(statSync(file).size / 1024 / 1024).toFixed(2)} MiB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

async function main() {
  const bundle = readFileSync(join(repoRoot, 'dist/extension.js'), 'utf8');
  // scripts/build.mjs --production minifies and writes no source map; a development build links one.
  const production = !bundle.includes('//# sourceMappingURL=');
  const work = mkdtempSync(join(tmpdir(), 'berth-activation-'));
  const tools = await ensureTools({ quiet: true });
  const browser = await launchChromium(tools);
  const loadBefore = load();
  try {
    const extensions = await generateExtensions(repoRoot, join(work, 'extensions'), { minify: production });
    const variants = [
      { label: 'Berth', id: 'berth.berth', folder: repoRoot, samples: [] },
      { label: 'empty extension', id: emptyId, folder: extensions.empty, samples: [] },
    ];
    console.log(`\n# extension activation: code-server ${npmTools['code-server']} in headless Chromium, samples/ opened, ${runs} run(s) each, alternating`);
    for (let i = 0; i < runs; i++) {
      for (const variant of i % 2 ? [...variants].reverse() : variants) {
        const sample = await measure(tools, browser, variant, extensions, join(work, `${variant.id}-${i}`));
        variant.samples.push(sample);
        console.log(`  run ${i + 1} ${variant.label}: activated ${sample.activated} ms, first diagnostics ${sample.diagnostics} ms after opening`);
      }
    }
    const [berth, empty] = variants;
    const rows = [
      ['extension host started', 'extensionHost'],
      ['open → activated', 'activated', true],
      ['open → first diagnostics', 'diagnostics', true],
      ['load + activate()', 'activate'],
      ['activated → first diagnostics', 'afterActivation'],
    ];
    const cell = (variant, key) => {
      const values = variant.samples.map((s) => s[key]);
      return `${Math.min(...values)} / ${median(values)}`.padStart(14);
    };
    console.log(`\n  ms (best / median)              ${'Berth'.padStart(14)}  ${'empty ext.'.padStart(14)}  Berth/empty (median)`);
    let met = true;
    for (const [title, key, targeted] of rows) {
      const ratio = median(berth.samples.map((s) => s[key])) / median(empty.samples.map((s) => s[key]));
      if (targeted && ratio > target) met = false;
      console.log(`  ${title.padEnd(30)} ${cell(berth, key)}  ${cell(empty, key)}  ${ratio.toFixed(2)}×${targeted ? ` (target ≤ ${target}×)` : ''}`);
    }
    console.log(`\n  bundles (${production ? 'production build' : 'development build: not minified; `node scripts/build.mjs --production` for the shipped form'}):`);
    const clientNode = berth.samples.filter((s) => s.clientNodeLoaded).length;
    console.log(`    dist/extension.js ${size(join(repoRoot, 'dist/extension.js'))}, dist/client-node.js ${size(join(repoRoot, 'dist/client-node.js'))} (required by ${clientNode} of ${berth.samples.length} Berth runs before the first diagnostics), dist/server.js ${size(join(repoRoot, 'dist/server.js'))}`);
    console.log(`    empty extension ${size(extensions.emptyBundle)} (vscode-languageclient and its entry)`);
    console.log(`  load average (1/5/15 min): ${loadBefore} before, ${load()} after; ${cpus().length} CPUs`);
    console.log(`  target Berth/empty ≤ ${target}× on activation and first diagnostics: ${met ? 'met' : 'MISSED'}`);
    return 0;
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (error) => {
    console.error(`[bench] activation: ${error.stack ?? error}`);
    process.exitCode = 1;
  },
);
