// Where the fuzz tests put what they found: failing inputs to replay, and a summary of the run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo';

export const FUZZ_RESULTS = join(repoRoot(), 'test-results/fuzz');

/** The run's size and seed: `BERTH_FUZZ_DOCS` / `BERTH_FUZZ_SEED` override the short defaults of `npm test`. */
export function fuzzBudget(defaultDocs: number, envName = 'BERTH_FUZZ_DOCS'): { docs: number; seed: number } {
  const docs = Number(process.env[envName] ?? defaultDocs);
  const seed = Number(process.env['BERTH_FUZZ_SEED'] ?? 7);
  if (!Number.isInteger(docs) || docs < 1) throw new Error(`${envName} must be a positive integer, not ${process.env[envName]}`);
  if (!Number.isInteger(seed)) throw new Error(`BERTH_FUZZ_SEED must be an integer, not ${process.env['BERTH_FUZZ_SEED']}`);
  return { docs, seed };
}

/** Saves a failing input as test-results/fuzz/<name>.yaml with <name>.txt saying why; returns the .yaml path. */
export function saveFailure(name: string, text: string, why: string): string {
  mkdirSync(FUZZ_RESULTS, { recursive: true });
  const path = join(FUZZ_RESULTS, `${name}.yaml`);
  writeFileSync(path, text);
  writeFileSync(join(FUZZ_RESULTS, `${name}.txt`), `${why}\n`);
  return path;
}

/** Writes test-results/fuzz/<tier>-summary.json, which `npm run fuzz` prints. */
export function saveSummary(tier: string, summary: Record<string, unknown>): void {
  mkdirSync(FUZZ_RESULTS, { recursive: true });
  writeFileSync(join(FUZZ_RESULTS, `${tier}-summary.json`), `${JSON.stringify(summary, null, 2)}\n`);
}

export function megabytes(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** Memory after a full collection when node runs with --expose-gc (otherwise as it stands). */
export function memory(): { rssMB: number; heapUsedMB: number; collected: boolean } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const usage = process.memoryUsage();
  return { rssMB: megabytes(usage.rss), heapUsedMB: megabytes(usage.heapUsed), collected: gc !== undefined };
}
