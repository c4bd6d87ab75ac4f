/**
 * Runs a program and measures it as a user would see it: wall time from spawn to exit, and its
 * peak resident set size. The peak comes from GNU time (`/usr/bin/time -f %M`, the kernel's
 * ru_maxrss of the waited-for child), which is exact; without it, /proc/<pid>/status VmHWM is
 * sampled every few milliseconds, a lower bound that the result says it is.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface MeasuredRun {
  readonly code: number;
  readonly wallMs: number;
  /** Peak RSS in KiB; undefined if it could not be read. */
  readonly peakRssKiB: number | undefined;
  readonly peakSource: 'ru_maxrss' | 'sampled VmHWM';
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Keep stdout (default true); false discards it and counts bytes only. */
  readonly keepStdout?: boolean;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

function readVmHWM(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function measuredRun(program: string, args: readonly string[], options: RunOptions = {}): Promise<MeasuredRun> {
  const gnu = hasGnuTime();
  const scratch = mkdtempSync(join(tmpdir(), 'berth-bench-time-'));
  const timeFile = join(scratch, 'time');
  const [cmd, argv] = gnu ? [GNU_TIME, ['-f', '%M', '-o', timeFile, program, ...args]] : [program, [...args]];
  const keep = options.keepStdout ?? true;
  try {
    const started = performance.now();
    const child = spawn(cmd, argv, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => keep && out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let sampled: number | undefined;
    const sampler = gnu
      ? undefined
      : setInterval(() => {
          const v = child.pid === undefined ? undefined : readVmHWM(child.pid);
          if (v !== undefined) sampled = Math.max(sampled ?? 0, v);
        }, 5);
    const code = await new Promise<number>((resolve) => {
      child.on('error', () => resolve(127));
      child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 0)));
    });
    const wallMs = performance.now() - started;
    if (sampler) clearInterval(sampler);
    let peak = sampled;
    if (gnu && existsSync(timeFile)) {
      // GNU time prints "Command exited with non-zero status N" before the format on failure.
      const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
      const kib = Number(last);
      peak = Number.isFinite(kib) && kib > 0 ? kib : undefined;
    }
    return {
      code,
      wallMs,
      peakRssKiB: peak,
      peakSource: gnu ? 'ru_maxrss' : 'sampled VmHWM',
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
