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

/** The fastest of up to `runs` runs; a run slower than `repeatBelowMs` is not repeated (no noise makes it that slow). */
export async function fastestRun(runs: number, repeatBelowMs: number, run: () => Promise<Run>): Promise<Run> {
  let best = await run();
  for (let i = 1; i < runs && best.ms < repeatBelowMs; i++) {
    const next = await run();
    if (next.ms < best.ms) best = next;
  }
  return best;
}
