// `npm run bench`: builds the server if dist/ lacks it, bundles bench/*.ts into dist/bench/,
// then runs the benchmark (Berth vs yaml-language-server vs the in-process floor).
// Knobs: BENCH_SIZES=1000,5000 BENCH_WORKSPACE_FILES=2000 BENCH_TIMEOUT_MS=60000 BENCH_SKIP_YLS=1
//        BENCH_CPU_PROF=/tmp/prof (profile the Berth servers with node --cpu-prof)
import * as esbuild from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

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
  entryPoints: { main: join(root, 'bench/main.ts'), floor: join(root, 'bench/floor.ts') },
  outdir: join(root, 'dist/bench'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
});

const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/bench/main.js')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
