/**
 * `npm run bench -- cli`: the CLI's cold start (bench/cliStart.ts), then Berth against
 * kubeconform side by side on the same resources (bench/kubeconformCorpus.ts: 50,000 by default,
 * the size of kubeconform's own benchmark), laid out as many files (as many as its README's run
 * had for that many resources) and as one file. Both run strict (`berth validate --unknown-fields
 * error`, `kubeconform -strict`) against schemas from the same OpenAPI documents, with the same
 * parallelism (`--jobs N` and `-n N`, N = the machine's cores), JSON output, one process at a
 * time, the two taking turns, the fastest of BENCH_CLI_RUNS each. Printed: wall time, peak memory, the ratio Berth/kubeconform
 * (target ≤ 1.0), and every document on whose verdict (valid or invalid) they disagree.
 *
 * scripts/bench.mjs builds kubeconform from the Go module proxy and its schema folder, and
 * passes them in BENCH_KUBECONFORM, BENCH_KUBECONFORM_SCHEMAS and BENCH_KUBECONFORM_VERSION.
 * Knobs: BENCH_CLI_RESOURCES=50000 BENCH_CLI_FILES=34650 BENCH_CLI_JOBS=<cores> BENCH_CLI_RUNS=3
 *        BENCH_CLI_TIMEOUT_MS=900000 BENCH_CLI=path/to/cli.js
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchStart } from './cliStart';
import { corpusResource, fileSplit, type CorpusResource } from './kubeconformCorpus';
import { fastestTurns, timedRun, type Run } from './kubeconformRun';

const CLI = process.env.BENCH_CLI ?? join(__dirname, 'cli', 'cli.js');
const KUBECONFORM = process.env.BENCH_KUBECONFORM;
const SCHEMAS = process.env.BENCH_KUBECONFORM_SCHEMAS;
const KUBERNETES_VERSION = process.env.BENCH_KUBECONFORM_VERSION ?? '1.36.3';
const RESOURCES = Number(process.env.BENCH_CLI_RESOURCES ?? 50_000);
// kubeconform's README: 50,714 resources in 35,139 files.
const FILES = Number(process.env.BENCH_CLI_FILES ?? Math.round((RESOURCES * 35_139) / 50_714));
const JOBS = Number(process.env.BENCH_CLI_JOBS ?? availableParallelism());
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 3);
const TIMEOUT_MS = Number(process.env.BENCH_CLI_TIMEOUT_MS ?? 900_000);
const REPEAT_BELOW_MS = 60_000;
const TARGET = 1.0;

type Verdict = 'valid' | 'invalid';

interface Layout {
  readonly name: string;
  /** What each tool is given. */
  readonly paths: readonly string[];
  /** Per file: its path, and the start line and key (kind/name) of each of its documents. */
  readonly files: readonly { readonly path: string; readonly starts: readonly number[]; readonly keys: readonly string[] }[];
}

const keyOf = (resource: CorpusResource): string => `${resource.kind}/${resource.name}`;

function writeLayout(dir: string, name: string, split: readonly (readonly number[])[], resources: readonly CorpusResource[]): Layout {
  mkdirSync(dir, { recursive: true });
  const files = split.map((indices, f) => {
    const path = join(dir, `${String(f).padStart(6, '0')}.yaml`);
    const starts: number[] = [];
    let line = 0;
    const parts = indices.map((i, k) => {
      const text = (k > 0 ? '---\n' : '') + resources[i]!.text;
      starts.push(line);
      line += text.split('\n').length - 1;
      return text;
    });
    writeFileSync(path, parts.join(''));
    return { path, starts, keys: indices.map((i) => keyOf(resources[i]!)) };
  });
  return { name, paths: [dir], files };
}

/** Berth's verdict per document: invalid when an error lies in it. */
function berthVerdicts(run: Run, layout: Layout): { verdicts: Map<string, Verdict>; error?: string } {
  let report: { diagnostics: { file: string; severity: string; code: string; range: { start: { line: number } } }[] };
  try {
    report = JSON.parse(run.stdout) as typeof report;
  } catch {
    return { verdicts: new Map(), error: `berth printed no JSON report (exit ${run.code}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}` };
  }
  const byPath = new Map(layout.files.map((file) => [file.path, file]));
  const verdicts = new Map<string, Verdict>();
  for (const file of layout.files) for (const key of file.keys) verdicts.set(key, 'valid');
  const documentAt = (file: Layout['files'][number], line: number): number => {
    let k = file.starts.length - 1;
    while (k > 0 && file.starts[k]! > line) k--;
    return k;
  };
  const lastLine = new Map<string, number>();
  const capped = new Set<string>();
  for (const d of report.diagnostics) {
    if (d.code === 'too-many-diagnostics') capped.add(d.file);
    lastLine.set(d.file, Math.max(lastLine.get(d.file) ?? 0, d.range.start.line));
    if (d.severity !== 'error') continue;
    const file = byPath.get(d.file);
    if (file) verdicts.set(file.keys[documentAt(file, d.range.start.line)]!, 'invalid');
  }
  // A file over Berth's 200 problems per file is reported up to its 200th, in line order: the
  // documents after the last one reported have no verdict.
  let unknown = 0;
  for (const path of capped) {
    const file = byPath.get(path);
    if (!file) continue;
    const from = documentAt(file, lastLine.get(path) ?? 0) + 1;
    for (const key of file.keys.slice(from)) verdicts.delete(key);
    unknown += file.keys.length - from;
  }
  return unknown > 0 ? { verdicts, error: `Berth reports at most 200 problems per file: the ${unknown.toLocaleString('en-US')} documents after its 200th have no verdict to compare` } : { verdicts };
}

/** kubeconform's verdict per resource: its JSON output lists every resource that is not valid. */
function kubeconformVerdicts(run: Run, layout: Layout): { verdicts: Map<string, Verdict>; error?: string } {
  let report: { resources?: { kind: string; name: string; status: string }[] };
  try {
    report = JSON.parse(run.stdout) as typeof report;
  } catch {
    return { verdicts: new Map(), error: `kubeconform printed no JSON report (exit ${run.code}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}` };
  }
  const verdicts = new Map<string, Verdict>();
  for (const file of layout.files) for (const key of file.keys) verdicts.set(key, 'valid');
  for (const r of report.resources ?? []) if (r.status === 'statusInvalid' || r.status === 'statusError') verdicts.set(`${r.kind}/${r.name}`, 'invalid');
  return { verdicts };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (kib: number | undefined): string => (kib === undefined ? '?' : `${(kib / 1024).toFixed(0)} MB`);

async function compare(layout: Layout, resources: readonly CorpusResource[]): Promise<boolean> {
  const berthArgs = [CLI, 'validate', '--unknown-fields', 'error', '--max-file-size', '1000', '--jobs', String(JOBS), '--output', 'json', ...layout.paths];
  const kubeconformArgs = ['-strict', '-schema-location', SCHEMAS!, '-kubernetes-version', KUBERNETES_VERSION, '-n', String(JOBS), '-output', 'json', ...layout.paths];
  // The two take turns, so that a change in the machine's load falls on both alike.
  const [kubeconform, berth] = await fastestTurns(RUNS, REPEAT_BELOW_MS, () => timedRun(KUBECONFORM!, kubeconformArgs, TIMEOUT_MS), () => timedRun(process.execPath, berthArgs, TIMEOUT_MS));
  const ratio = berth.ms / kubeconform.ms;
  console.log(`\n[bench cli] ${layout.name}: ${RESOURCES.toLocaleString('en-US')} resources in ${layout.files.length.toLocaleString('en-US')} file(s), ${JOBS} in parallel (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  console.log(`  kubeconform  ${seconds(kubeconform.ms).padStart(9)}  ${megabytes(kubeconform.peakKiB).padStart(7)}  exit ${kubeconform.code}`);
  console.log(`  berth        ${seconds(berth.ms).padStart(9)}  ${megabytes(berth.peakKiB).padStart(7)}  exit ${berth.code}`);
  console.log(`  ratio berth/kubeconform: time ${ratio.toFixed(2)}× (target ≤ ${TARGET.toFixed(1)}×)${ratio > TARGET ? ' ❌' : ''}, memory ${berth.peakKiB && kubeconform.peakKiB ? `${(berth.peakKiB / kubeconform.peakKiB).toFixed(2)}×` : '?'}`);

  const expected = new Map(resources.map((r) => [keyOf(r), (r.mistake ? 'invalid' : 'valid') as Verdict]));
  const fromBerth = berthVerdicts(berth, layout);
  const fromKubeconform = kubeconformVerdicts(kubeconform, layout);
  for (const error of [fromBerth.error, fromKubeconform.error]) if (error) console.log(`  ! ${error}`);
  if (fromBerth.verdicts.size === 0 || fromKubeconform.verdicts.size === 0) return false;
  const disagreements: string[] = [];
  const count = (verdicts: Map<string, Verdict>): number => [...verdicts.values()].filter((v) => v === 'invalid').length;
  for (const [key, mine] of fromBerth.verdicts) {
    const theirs = fromKubeconform.verdicts.get(key);
    if (mine !== theirs) disagreements.push(`${key}: berth ${mine}, kubeconform ${theirs}, seeded ${expected.get(key)}`);
  }
  const compared = (verdicts: Map<string, Verdict>): Map<string, Verdict> => new Map([...verdicts].filter(([key]) => fromBerth.verdicts.has(key)));
  console.log(`  documents compared: ${fromBerth.verdicts.size.toLocaleString('en-US')}; invalid among them: berth ${count(fromBerth.verdicts)}, kubeconform ${count(compared(fromKubeconform.verdicts))}, seeded mistakes ${count(compared(expected))}`);
  console.log(`  disagreements: ${disagreements.length}`);
  for (const line of disagreements.slice(0, 10)) console.log(`    ${line}`);
  return ratio <= TARGET && disagreements.length === 0;
}

async function main(): Promise<void> {
  const startOk = benchStart();
  if (!KUBECONFORM || !SCHEMAS) {
    console.error('[bench cli] BENCH_KUBECONFORM and BENCH_KUBECONFORM_SCHEMAS are not set: run it through `npm run bench -- cli`.');
    process.exitCode = 1;
    return;
  }
  console.log(`\n[bench cli] ${process.env.BENCH_KUBECONFORM_ABOUT ?? KUBECONFORM}; schemas ${SCHEMAS} (Kubernetes ${KUBERNETES_VERSION})`);
  const resources = Array.from({ length: RESOURCES }, (_, i) => corpusResource(i));
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-cli-'));
  try {
    const many = writeLayout(join(dir, 'many'), 'many files', fileSplit(RESOURCES, FILES), resources);
    const one = writeLayout(join(dir, 'one'), 'one file', [resources.map((_, i) => i)], resources);
    const results = [await compare(many, resources), await compare(one, resources)];
    process.exitCode = startOk && results.every(Boolean) ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
