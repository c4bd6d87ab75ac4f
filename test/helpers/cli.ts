import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A run that has not ended by then is killed: a hang guard, not a speed bound. spawnSync blocks
 * the test process, so without it a hung command would hang the whole tier, past every test timeout.
 */
const HANG_GUARD_MS = 10 * 60_000;

/** Runs the bundled `berth` CLI as a user would. */
export function berth(args: readonly string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], {
    cwd: options.cwd ?? repoRoot(),
    input: options.input ?? '',
    encoding: 'utf8',
    env: options.env ?? process.env,
    maxBuffer: 64 * 1024 * 1024,
    timeout: HANG_GUARD_MS,
    killSignal: 'SIGKILL',
  });
  const hung = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const stderr = hung ? `${result.stderr}\n[test helper] berth ${args.join(' ')}: killed after ${HANG_GUARD_MS / 1000} s without ending` : result.stderr;
  return { status: result.status, stdout: result.stdout, stderr };
}

/** A temporary folder holding the given files (names may contain sub-folders). */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
