// Fuzz tier, CLI: mutated files through `berth validate --output json`, as one workspace, one by
// one and on stdin. The exit status is 0 or 1 (never a usage error or a crash) and stdout is JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { berth, workspace, type CliResult } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';
import { describeMutant, loadCorpus, mutant, type Mutant } from './mutators';
import { fuzzBudget, saveFailure, saveSummary } from './report';

/** CLI documents are numbered from here, apart from the core's and the protocol's. */
const FIRST = 2_000_000;
/** Files also validated alone (each run starts node and compiles schemas: about a second). */
const ALONE = 4;

const { docs, seed } = fuzzBudget(30, 'BERTH_FUZZ_CLI_DOCS');
const corpus = loadCorpus(repoRoot());
const mutants: Mutant[] = Array.from({ length: docs }, (_, i) => mutant(corpus, seed, FIRST + i));
const dir = workspace(Object.fromEntries(mutants.map((m, i) => [`doc${i}.yaml`, m.text])));

/** Why a run is not a clean 0/1 exit with a JSON report, or undefined. */
function problem(result: CliResult): string | undefined {
  if (result.status !== 0 && result.status !== 1) return `exit status ${result.status}; stderr: ${result.stderr.slice(0, 1_000)}`;
  try {
    const report = JSON.parse(result.stdout) as { diagnostics?: unknown };
    if (!Array.isArray(report.diagnostics)) return `no diagnostics array in ${result.stdout.slice(0, 200)}`;
  } catch (error) {
    return `stdout is not JSON (${String(error)}): ${result.stdout.slice(0, 200)}`;
  }
  return undefined;
}

test(`cli: ${docs} mutated files (seed ${seed}) validated together, ${ALONE} alone and one on stdin`, () => {
  const failures: string[] = [];
  const together = berth(['validate', dir, '--output', 'json']);
  const why = problem(together);
  if (why) {
    writeFileSync(join(dir, 'WHY.txt'), why);
    failures.push(`all ${docs} files in ${dir} (kept for replay): ${why}`);
  }
  mutants.slice(0, ALONE).forEach((m, i) => {
    const alone = problem(berth(['validate', join(dir, `doc${i}.yaml`), '--output', 'json']));
    if (alone) failures.push(`${describeMutant(m, seed, FIRST + i)}: ${alone} → ${saveFailure(`cli-seed${seed}-doc${FIRST + i}`, m.text, alone)}`);
  });
  const piped = mutants[mutants.length - 1]!;
  const stdin = problem(berth(['validate', '-', '--output', 'json'], { input: piped.text }));
  if (stdin) failures.push(`stdin, ${describeMutant(piped, seed, FIRST + docs - 1)}: ${stdin} → ${saveFailure(`cli-seed${seed}-stdin`, piped.text, stdin)}`);

  const summary = { files: docs, seed, exitStatus: together.status, diagnostics: together.status === 0 || together.status === 1 ? (JSON.parse(together.stdout) as { diagnostics: unknown[] }).diagnostics.length : undefined, failures: failures.length };
  saveSummary('cli', summary);
  console.log(`fuzz cli: ${JSON.stringify(summary)}`);
  assert.deepEqual(failures, []);
  rmSync(dir, { recursive: true, force: true });
});
