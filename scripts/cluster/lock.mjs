// One `up` or `down` at a time per cluster folder (and one tools install per tools folder):
// `npm start` and `npm test` may both bring the cluster up. The lock is a folder (mkdir is
// atomic) holding the owner's pid; a lock whose owner died is taken over.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { say, UserError } from './log.mjs';

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function tryLock(lock) {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    let pid = 0;
    try {
      pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    } catch {
      // The owner has made the folder but not yet written its pid; a few seconds later it has.
      if (Date.now() - statSync(lock).mtimeMs < 10_000) return false;
    }
    if (pid && alive(pid)) return false;
    rmSync(lock, { recursive: true, force: true });
    return tryLock(lock);
  }
}

/**
 * Runs `fn` holding the lock; waits (bounded) while another live process holds it. `what` names
 * the other holder in messages; `log` and `fail` let another script speak in its own voice.
 */
export async function withLock(lock, fn, { timeoutMs = 45 * 60_000, what = 'cluster command', log = say, fail = (m) => new UserError(m) } = {}) {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  while (!tryLock(lock)) {
    if (!told) { log(`waiting for another ${what} (lock ${lock})`); told = true; }
    if (Date.now() > deadline) throw fail(`gave up waiting for ${lock}; if no other ${what} runs, remove it`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
