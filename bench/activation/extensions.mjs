// The two extensions the activation bench adds to the workbench, generated into a folder of its
// own: the probe (probe.ts, activated on `*`, with report.ts as the extensionTestsPath) and the
// empty extension (emptyExtension.ts: Berth's language server and nothing else, with Berth's own
// activation events).
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const probeId = 'berth-bench.activation-probe';
export const emptyId = 'berth-bench.empty-extension';
/** The probe's folder name in an extensions folder: <publisher>.<name>-<version>. */
export const probeFolder = 'berth-bench.activation-probe-0.0.0';

function manifest(name, main, activationEvents) {
  return `${JSON.stringify({ name, publisher: 'berth-bench', version: '0.0.0', engines: { vscode: '^1.100.0' }, activationEvents, main }, null, 2)}\n`;
}

/**
 * Writes both extensions below `dir`; `minify` builds the empty extension as Berth's dist/ was
 * built, so neither side gains from its bundle's form. Returns their folders and files.
 */
export async function generateExtensions(root, dir, { minify }) {
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', external: ['vscode'] };
  const probe = join(dir, 'probe');
  mkdirSync(probe, { recursive: true });
  writeFileSync(join(probe, 'package.json'), manifest('activation-probe', './probe.js', ['*']));
  await esbuild.build({ ...common, entryPoints: { probe: join(root, 'bench/activation/probe.ts'), report: join(root, 'bench/activation/report.ts') }, outdir: probe });

  const empty = join(dir, 'empty');
  mkdirSync(empty, { recursive: true });
  const { activationEvents } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(empty, 'package.json'), manifest('empty-extension', './extension.js', activationEvents));
  await esbuild.build({
    ...common,
    entryPoints: { extension: join(root, 'bench/activation/emptyExtension.ts') },
    outdir: empty,
    minify,
    define: { BENCH_SERVER_MODULE: JSON.stringify(join(root, 'dist/server.js')) },
  });
  return { probe, report: join(probe, 'report.js'), empty, emptyBundle: join(empty, 'extension.js') };
}
