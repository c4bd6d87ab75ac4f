// `npm run fuzz`: the fuzz tier with a large budget. Builds the tests, runs the core with
// BERTH_FUZZ_DOCS documents (default 100,000) under --expose-gc, then the protocol and CLI runs,
// and prints each run's figures (from test-results/fuzz/*-summary.json).
// Environment: BERTH_FUZZ_DOCS, BERTH_FUZZ_PROTOCOL_DOCS (default 2,000), BERTH_FUZZ_CLI_DOCS
// (default 200), BERTH_FUZZ_SEED (default: from the clock, printed so a run can be replayed).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results/fuzz');
const seed = process.env.BERTH_FUZZ_SEED ?? String(Date.now() % 1_000_000);
const env = {
  ...process.env,
  BERTH_FUZZ_SEED: seed,
  BERTH_FUZZ_DOCS: process.env.BERTH_FUZZ_DOCS ?? '100000',
  BERTH_FUZZ_PROTOCOL_DOCS: process.env.BERTH_FUZZ_PROTOCOL_DOCS ?? '2000',
  BERTH_FUZZ_CLI_DOCS: process.env.BERTH_FUZZ_CLI_DOCS ?? '200',
};

function run(args) {
  console.log(`\n$ ${args.join(' ')}`);
  return spawnSync(args[0], args.slice(1), { cwd: root, stdio: 'inherit', env }).status ?? 1;
}

if (run(['node', 'scripts/build.mjs', '--tests']) !== 0) process.exit(1);
rmSync(results, { recursive: true, force: true });
console.log(`fuzz: seed ${seed}; core ${env.BERTH_FUZZ_DOCS}, protocol ${env.BERTH_FUZZ_PROTOCOL_DOCS}, cli ${env.BERTH_FUZZ_CLI_DOCS} documents`);

const started = Date.now();
const statuses = ['core', 'protocol', 'cli', 'regressions'].map((name) =>
  run(['node', '--expose-gc', '--test', '--test-reporter=spec', `dist/test/fuzz/${name}.test.js`]),
);

console.log(`\n=== fuzz figures (seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s) ===`);
for (const name of ['core', 'protocol', 'cli']) {
  const path = join(results, `${name}-summary.json`);
  console.log(`${name}: ${existsSync(path) ? readFileSync(path, 'utf8').trim() : 'no summary (the run did not finish)'}`);
}
const failed = statuses.some((status) => status !== 0);
if (failed) console.log(`\nFAILED: failing inputs are in ${results}; replay with BERTH_FUZZ_SEED=${seed}`);
process.exit(failed ? 1 : 0);
