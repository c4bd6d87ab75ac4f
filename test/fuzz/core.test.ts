// Fuzz tier, core: mutated samples and fixtures through every entry point of the pure core.
// Nothing may throw and no document may hang (a 20 s watchdog: a busy machine must not fail it).
// How fast documents go is a figure of the run's summary, which `npm run fuzz` prints, not a test.
// `npm test` runs a short seeded run; `npm run fuzz` a long one (BERTH_FUZZ_DOCS, BERTH_FUZZ_SEED).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { languageService, settings } from '../helpers/languageService';
import { repoRoot } from '../helpers/repo';
import { describeMutant, loadCorpus, mutant, Rng, documentSeed, type Mutant } from './mutators';
import { exerciseCore, randomPosition, yamlText } from './exercise';
import { fuzzBudget, memory, saveFailure, saveSummary } from './report';

/** Longer than this, a document is taken as hung. */
const WATCHDOG_MS = 20_000;
/** Documents rotate through a few URIs, so cross-document checks see neighbours but the workspace stays bounded. */
const URIS = 8;
const MAX_FAILURES = 20;

// 1,000 documents keep the tier within a minute on two shared cores (median ~5 ms, but the
// megabyte documents take a few hundred); `npm run fuzz` runs far more.
const { docs, seed } = fuzzBudget(1_000);
const corpus = loadCorpus(repoRoot());
const service = languageService();
const workspace = new BerthWorkspace(service);
const versions = service.registry.kubernetesVersions();

/** Every core entry point on document `index`, with its own settings and position. */
function exercise(m: Mutant, index: number): void {
  const rng = new Rng(documentSeed(seed, index) ^ 0x5bd1e995);
  // The best-practice checks at their defaults, so the mutants reach them too.
  const s = settings({ kubernetesVersion: rng.pick(versions), unknownFields: rng.pick(['error', 'warning', 'ignore'] as const), checks: {} });
  const document = yamlText(`file:///fuzz/doc${index % URIS}.yaml`, index + 1, m.text);
  exerciseCore({ service, workspace }, document, s, [randomPosition(m.text, rng)], rng);
}

/** Memory with the rotating documents dropped, so what they hold (up to megabytes each) does not count. */
function settled(): ReturnType<typeof memory> {
  for (let i = 0; i < URIS; i++) workspace.removeFile(`file:///fuzz/doc${i}.yaml`);
  return memory();
}

function percentile(times: readonly number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0) * 10) / 10;
}

function timed(m: Mutant, index: number): number {
  const started = performance.now();
  exercise(m, index);
  return performance.now() - started;
}

test(`core: ${docs} mutated documents (seed ${seed}) neither throw nor hang`, async () => {
  // Schemas compile on first use, per Kubernetes version: warm up on the unmutated corpus under
  // every version so compiling does not count against the first documents.
  for (const [i, version] of versions.entries()) {
    for (const entry of corpus) service.diagnostics(TextDocument.create(`file:///warm/${version}/${entry.name}`, 'yaml', 1, entry.text), settings({ kubernetesVersion: version }));
    for (const entry of corpus) exercise({ source: entry.name, kinds: [], text: entry.text }, i);
  }
  const before = settled();
  const failures: string[] = [];
  let slowest = { ms: 0, what: '' };
  let crashes = 0;
  let hangs = 0;
  let checkpoint = before;
  const times: number[] = [];
  const byKind: Record<string, { documents: number; totalMs: number }> = {};

  for (let index = 0; index < docs && failures.length < MAX_FAILURES; index++) {
    // Let the event loop turn, as it does between a server's messages: process warnings (the yaml
    // library emits some) are queued on it, and each holds its stack's contexts until emitted.
    if (index % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    const m = mutant(corpus, seed, index);
    let ms: number;
    try {
      ms = timed(m, index);
    } catch (error) {
      crashes++;
      const why = `${describeMutant(m, seed, index)}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      failures.push(`crash: ${why.split('\n').slice(0, 3).join(' | ')} → ${saveFailure(`core-seed${seed}-doc${index}`, m.text, why)}`);
      continue;
    }
    times.push(ms);
    if (ms > slowest.ms) slowest = { ms, what: describeMutant(m, seed, index) };
    for (const kind of new Set(m.kinds)) {
      const k = (byKind[kind] ??= { documents: 0, totalMs: 0 });
      k.documents++;
      k.totalMs += ms;
    }
    if (ms >= WATCHDOG_MS) {
      hangs++;
      const why = `${describeMutant(m, seed, index)}\ntook ${Math.round(ms)} ms (watchdog ${WATCHDOG_MS} ms)`;
      failures.push(`hang: ${why.replace('\n', ' | ')} → ${saveFailure(`core-seed${seed}-doc${index}`, m.text, why)}`);
    }
    if (index === 9_999) checkpoint = settled();
  }

  const after = settled();
  const summary = {
    documents: docs,
    seed,
    crashes,
    hangs,
    slowestMs: Math.round(slowest.ms),
    medianMs: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    slowest: slowest.what,
    rssBeforeMB: before.rssMB,
    rssAt10kMB: docs >= 10_000 ? checkpoint.rssMB : undefined,
    rssAfterMB: after.rssMB,
    heapBeforeMB: before.heapUsedMB,
    heapAt10kMB: docs >= 10_000 ? checkpoint.heapUsedMB : undefined,
    heapAfterMB: after.heapUsedMB,
    gcExposed: after.collected,
    meanMsByKind: Object.fromEntries(Object.entries(byKind).map(([kind, k]) => [kind, Math.round((k.totalMs / k.documents) * 10) / 10])),
  };
  saveSummary('core', summary);
  console.log(`fuzz core: ${JSON.stringify(summary)}`);
  assert.deepEqual(failures, [], `replay with BERTH_FUZZ_SEED=${seed}; inputs saved in test-results/fuzz/`);
  // A leak over a long run: after the first 10,000 documents the heap must not keep growing.
  if (after.collected && docs >= 20_000) {
    assert.ok(after.heapUsedMB - checkpoint.heapUsedMB < 50, `heap grew from ${checkpoint.heapUsedMB} MB (document 10,000) to ${after.heapUsedMB} MB`);
  }
});
