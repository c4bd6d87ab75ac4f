/**
 * A machine-wide lock shared with the plain-JS scripts (scripts/cluster/lock.mjs, same protocol):
 * a folder, made atomically, holding its owner's pid; a lock whose owner died is taken over.
 * kwokctl picks each component's port by probing for a free one and binds it only when the
 * component starts, so two clusters created at the same moment (`berth cluster up` beside
 * `npm run cluster -- up`, or two terminals) can pick the same ports: creations take turns.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { err, ok, type Result } from '../platform/result';
import { berthCacheDir } from './cacheDir';
import { kubeError, type KubeError } from './errors';

/** The lock scripts/cluster/kwok-runtime.mjs takes around `kwokctl create cluster`. */
export function kwokCreationLock(env: NodeJS.ProcessEnv = process.env): string {
  return join(berthCacheDir(env), 'kwokctl-create.lock');
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let pid = 0;
    try {
      pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    } catch {
      // The owner made the folder and has not written its pid yet: give it a few seconds.
      if (Date.now() - statSync(lock).mtimeMs < 10_000) return false;
    }
    if (pid > 0 && alive(pid)) return false;
    rmSync(lock, { recursive: true, force: true });
    return tryLock(lock);
  }
}

export interface FolderLockOptions {
  readonly timeoutMs?: number;
  /** Called once when another process holds the lock, before waiting. */
  readonly onWait?: (lock: string) => void;
  readonly signal?: AbortSignal;
  /** How often the lock is tried again while another process holds it (no event says it is free). */
  readonly pollMs?: number;
}

/** Runs `fn` holding `lock`, waiting (bounded, abortable) while another live process holds it. */
export async function withFolderLock<T>(lock: string, fn: () => Promise<T>, options: FolderLockOptions = {}): Promise<Result<T, KubeError>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  let told = false;
  try {
    mkdirSync(dirname(lock), { recursive: true });
    while (!tryLock(lock)) {
      if (!told) options.onWait?.(lock);
      told = true;
      if (options.signal?.aborted) return err(kubeError('cancelled', `Cancelled while waiting for ${lock}.`));
      if (Date.now() > deadline) return err(kubeError('timeout', `Gave up waiting for another cluster creation to finish (lock ${lock}); if none runs, remove that folder.`));
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
    }
  } catch (error) {
    return err(kubeError('tool', `Cannot take the lock ${lock}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`));
  }
  try {
    return ok(await fn());
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
