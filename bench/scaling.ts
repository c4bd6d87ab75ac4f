/**
 * `npm run bench -- scaling`: inputs whose cost once grew with the square of their size, each at
 * size N and 2N, validated by the CLI (`berth validate --output json`) in a fresh process. Doubling
 * an input should at most double the time and the output: the ratios 2N/N are the figures that
 * matter (target ≤ 2.2; a fixed start-up cost only lowers them).
 *
 * Knobs: BENCH_SCALING_FACTOR=0.5 (scale every N), BENCH_SCALING_RUNS=3 (the fastest counts),
 *        BENCH_SCALING_TIMEOUT_MS=120000 (per run),
 *        BENCH_SCALING_CLI=path/to/cli.js (default: dist/bench/scaling/berth.js, bundled from source).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = process.env.BENCH_SCALING_CLI ?? join(__dirname, 'scaling', 'berth.js');
const FACTOR = Number(process.env.BENCH_SCALING_FACTOR ?? 1);
const TIMEOUT_MS = Number(process.env.BENCH_SCALING_TIMEOUT_MS ?? 120_000);
const TARGET_RATIO = 2.2;
/** Each size runs this many times and the fastest counts: other processes on the machine only ever add time. */
const RUNS = Number(process.env.BENCH_SCALING_RUNS ?? 3);
/** A run slower than this is not repeated: it is not noise that makes it slow. */
const REPEAT_BELOW_MS = 10_000;

/** The files of one input at size n, by name. */
type Generator = (n: number) => Record<string, string>;

interface Case {
  readonly name: string;
  readonly unit: string;
  readonly n: number;
  readonly generate: Generator;
  /** A diagnostic code the output must hold at both sizes (the oversized file's one warning). */
  readonly expectCode?: string;
}

const deployments = (n: number): string =>
  Array.from({ length: n }, (_, i) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: web-${i}`,
      'spec:',
      '  selector: {matchLabels: {app: web-' + i + '}}',
      '  template:',
      '    metadata: {labels: {app: web-' + i + '}}',
      '    spec:',
      '      containers: [{name: web, image: "nginx:1.27"}]',
    ].join('\n'),
  ).join('\n---\n');

const danglingHpas = (n: number): string =>
  Array.from({ length: n }, (_, i) =>
    [
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata:',
      `  name: hpa-${i}`,
      'spec:',
      `  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: missing-${i}}`,
      '  minReplicas: 1',
      '  maxReplicas: 3',
    ].join('\n'),
  ).join('\n---\n');

const distinctKinds = (n: number): string =>
  Array.from({ length: n }, (_, i) => `apiVersion: example.com/v1\nkind: Kind${i}\nmetadata:\n  name: thing-${i}`).join('\n---\n');

const configMap = (n: number, value: (i: number) => string): string =>
  ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: big', 'data:', ...Array.from({ length: n }, (_, i) => `  key-${i}: ${value(i)}`)].join('\n') + '\n';

/** A ConfigMap of one quoted scalar, the whole file exactly `megabytes` MB (as the size limit counts them). */
const bigScalar = (megabytes: number): string => {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\ndata:\n  blob: "';
  const tail = '"\n';
  return head + 'x'.repeat(Math.round(megabytes * 1024 * 1024) - head.length - tail.length) + tail;
};

const scaled = (n: number): number => Math.max(1, Math.round(n * FACTOR));

const CASES: readonly Case[] = [
  { name: 'Deployments + dangling HPAs', unit: 'pairs', n: scaled(1500), generate: (n) => ({ 'deployments.yaml': deployments(n), 'hpas.yaml': danglingHpas(n) }) },
  { name: 'documents of distinct kinds', unit: 'documents', n: scaled(10_000), generate: (n) => ({ 'kinds.yaml': distinctKinds(n) }) },
  { name: 'ConfigMap keys', unit: 'keys', n: scaled(20_000), generate: (n) => ({ 'configmap.yaml': configMap(n, (i) => `"value ${i}"`) }) },
  { name: 'type errors', unit: 'errors', n: scaled(10_000), generate: (n) => ({ 'configmap.yaml': configMap(n, (i) => `[${i}]`) }) },
  // The yaml library builds a scalar in time that grows faster than its length: within the
  // default limit that is what a user meets; past it the file is refused unread, at a constant cost.
  { name: 'one quoted scalar, within the 5 MB default', unit: 'MB', n: 2.5 * FACTOR, generate: (mb) => ({ 'blob.yaml': bigScalar(mb) }) },
  { name: 'one quoted scalar, over the 5 MB default', unit: 'MB', n: 50 * FACTOR, generate: (mb) => ({ 'blob.yaml': bigScalar(mb) }), expectCode: 'file-too-large' },
];

interface Measurement {
  readonly ms: number;
  readonly bytes: number;
  readonly exit: string;
  /** The output's first 64 kB, enough to find an expected diagnostic in a short report. */
  readonly head: string;
}

const HEAD_BYTES = 64 * 1024;

function runCli(dir: string): Promise<Measurement> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'validate', '--output', 'json', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let head = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (head.length < HEAD_BYTES) head += chunk.toString('utf8', 0, Math.min(chunk.length, HEAD_BYTES - head.length));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-500)));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const exit = signal === 'SIGKILL' ? `timeout ${TIMEOUT_MS / 1000} s` : signal ? `signal ${signal}` : code === 0 || code === 1 ? `exit ${code}` : `exit ${code}: ${stderr.trim().split('\n').pop() ?? ''}`;
      resolve({ ms: performance.now() - started, bytes, exit, head });
    });
  });
}

async function fastestOf(runs: number, run: () => Promise<Measurement>): Promise<Measurement> {
  let best = await run();
  for (let i = 1; i < runs && best.ms < REPEAT_BELOW_MS; i++) {
    const next = await run();
    if (next.ms < best.ms) best = next;
  }
  return best;
}

const fmtMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const fmtBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${bytes} B`;
const ratio = (a: number, b: number): number => (b === 0 ? (a === 0 ? 1 : Infinity) : a / b);
const fmtRatio = (r: number): string => `${r.toFixed(2)}×${r > TARGET_RATIO ? ' ❌' : ''}`;

async function main(): Promise<void> {
  console.log(`[bench scaling] ${CLI}; ${cpus().length} CPUs; target ratio 2N/N ≤ ${TARGET_RATIO}`);
  const rows: string[][] = [['input', 'N', 'time N', 'time 2N', 'ratio', 'output N', 'output 2N', 'ratio', 'exit N / 2N']];
  let failed = false;
  for (const testCase of CASES) {
    const measured: Measurement[] = [];
    for (const n of [testCase.n, testCase.n * 2]) {
      const dir = mkdtempSync(join(tmpdir(), 'berth-scaling-'));
      try {
        for (const [name, text] of Object.entries(testCase.generate(n))) writeFileSync(join(dir, name), text);
        measured.push(await fastestOf(RUNS, () => runCli(dir)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const [small, large] = measured as [Measurement, Measurement];
    const timeRatio = ratio(large.ms, small.ms);
    const bytesRatio = ratio(large.bytes, small.bytes);
    const timedOut = small.exit.startsWith('timeout') || large.exit.startsWith('timeout');
    const missing = testCase.expectCode !== undefined && !(small.head.includes(testCase.expectCode) && large.head.includes(testCase.expectCode));
    if (timeRatio > TARGET_RATIO || bytesRatio > TARGET_RATIO || timedOut || missing) failed = true;
    rows.push([
      testCase.name,
      `${testCase.n} ${testCase.unit}`,
      fmtMs(small.ms),
      fmtMs(large.ms),
      fmtRatio(timeRatio),
      fmtBytes(small.bytes),
      fmtBytes(large.bytes),
      fmtRatio(bytesRatio),
      `${small.exit} / ${large.exit}${testCase.expectCode ? (missing ? `; ${testCase.expectCode} missing ❌` : `; ${testCase.expectCode}`) : ''}`,
    ]);
    console.log(`[bench scaling] ${testCase.name}: ${rows[rows.length - 1]!.slice(2).join('  ')}`);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log('');
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  console.log(`\n${failed ? 'Some input grows faster than its size (or timed out, or lacks its expected diagnostic).' : `Every ratio is within ${TARGET_RATIO}.`}`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
