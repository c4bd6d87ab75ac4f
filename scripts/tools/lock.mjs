// One tools install at a time per tools folder (`npm start` and `npm test` may both ensure them).
// A folder lock (mkdir is atomic) holding the owner's pid; a lock whose owner died is taken over.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { say, UserError } from './log.mjs';

function alive(pid) {
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
      // The owner has made the folder but not yet written its pid; a moment later it has.
      if (Date.now() - statSync(lock).mtimeMs < 10_000) return false;
    }
    if (pid && alive(pid)) return false;
    rmSync(lock, { recursive: true, force: true });
    return tryLock(lock);
  }
}

export async function withToolsLock(lock, fn, { timeoutMs = 30 * 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  while (!tryLock(lock)) {
    if (!told) { say(`waiting for another tools install (lock ${lock})`); told = true; }
    if (Date.now() > deadline) throw new UserError(`gave up waiting for ${lock}; if no install runs, remove it`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
