/**
 * One timed run of a command for `npm run bench -- cli`: wall time, peak resident memory and
 * output. The peak comes from GNU time where it is installed (exact: the kernel's figure for the
 * whole process, worker threads included), else from polling /proc/<pid>/status every 10 ms.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vmHWM } from './shared';

export interface Run {
  readonly ms: number;
  /** Peak resident set size, KiB. */
  readonly peakKiB: number | undefined;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const GNU_TIME = '/usr/bin/time';

export function timedRun(command: string, args: readonly string[], timeoutMs: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-run-'));
  const timeFile = join(dir, 'time');
  const useTime = existsSync(GNU_TIME);
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, [...args]];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    let polled: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    const poll = useTime ? undefined : setInterval(() => (polled = Math.max(polled ?? 0, vmHWM(child.pid) ?? 0)), 10);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      let peakKiB = polled;
      if (useTime) {
        const text = existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '';
        const last = text.trim().split('\n').pop();
        peakKiB = last && /^\d+$/.test(last) ? Number(last) : undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ ms, peakKiB, code, stdout: Buffer.concat(stdout).toString('utf8'), stderr });
    });
  });
}

/**
 * The fastest of up to `runs` runs of each of two commands, taking turns (one run of each, then
 * the next round); no more rounds once both took longer than `repeatBelowMs` (no noise makes a
 * run that slow).
 */
export async function fastestTurns(runs: number, repeatBelowMs: number, first: () => Promise<Run>, second: () => Promise<Run>): Promise<[Run, Run]> {
  let best: [Run, Run] = [await first(), await second()];
  for (let round = 1; round < runs && (best[0].ms < repeatBelowMs || best[1].ms < repeatBelowMs); round++) {
    const a = await first();
    const b = await second();
    best = [a.ms < best[0].ms ? a : best[0], b.ms < best[1].ms ? b : best[1]];
  }
  return best;
}
