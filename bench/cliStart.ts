/**
 * `npm run bench -- cli`, part 1: how long `berth validate` of one small file takes from a fresh
 * process, next to a bare `node -e 0` on the same machine in the same run. Both run alternately,
 * BENCH_CLI_START_RUNS times (default 15); the fastest of each counts (other processes on the
 * machine only ever add time). Target: berth ≤ 4× node.
 *
 * Knobs: BENCH_CLI_START_RUNS=15, BENCH_CLI=path/to/cli.js (default dist/bench/cli/cli.js, bundled
 * from source as it ships).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = process.env.BENCH_CLI ?? join(__dirname, 'cli', 'cli.js');
const RUNS = Number(process.env.BENCH_CLI_START_RUNS ?? 15);
const TARGET = 4;

function wallMs(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  return ms;
}

export function benchStart(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-start-'));
  try {
    const file = join(dir, 'settings.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {level: info}\n');
    const node: number[] = [];
    const berth: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(wallMs(['-e', '0']));
      berth.push(wallMs([CLI, 'validate', file]));
    }
    const bestNode = Math.min(...node);
    const bestBerth = Math.min(...berth);
    const ratio = bestBerth / bestNode;
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`[bench cli] cold start, best of ${RUNS} fresh processes (median in brackets); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`  node -e 0                            ${bestNode.toFixed(0).padStart(6)} ms  (${median(node).toFixed(0)} ms)`);
    console.log(`  berth validate (one 5-line ConfigMap) ${bestBerth.toFixed(0).padStart(5)} ms  (${median(berth).toFixed(0)} ms)`);
    console.log(`  ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET}×)${ratio > TARGET ? ' ❌' : ''}`);
    return ratio <= TARGET;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
