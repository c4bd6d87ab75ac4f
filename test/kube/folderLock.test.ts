// The machine-wide lock `berth cluster up` shares with scripts/cluster/lock.mjs: creations take
// turns, a dead owner's lock is taken over, and a wait is bounded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { kwokCreationLock, withFolderLock } from '../../kube/folderLock';

function tempLock(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'nested', 'create.lock');
}

it('is the lock scripts/cluster/kwok-runtime.mjs takes, in the shared cache folder', () => {
  assert.equal(kwokCreationLock({ BERTH_CACHE_DIR: '/cache/berth' }), '/cache/berth/kwokctl-create.lock');
});

it('makes a second holder wait until the first is done, then releases the folder', async (t) => {
  const lock = tempLock(t);
  const order: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let waited!: () => void;
  const waiting = new Promise<void>((resolve) => (waited = resolve));
  const first = withFolderLock(lock, async () => {
    order.push('first in');
    await held;
    order.push('first out');
  });
  const second = withFolderLock(
    lock,
    async () => {
      order.push('second in');
    },
    { pollMs: 20, onWait: () => waited() },
  );
  // The second attempt has seen the lock held: only then does the first let go.
  await waiting;
  release();
  assert.ok((await first).ok);
  assert.ok((await second).ok);
  assert.deepEqual(order, ['first in', 'first out', 'second in']);
  assert.equal(existsSync(lock), false, 'released');
});

it("takes over a lock whose owner died, and gives up on a live owner's after the timeout", async (t) => {
  const lock = tempLock(t);
  mkdirSync(lock, { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  writeFileSync(join(lock, 'pid'), String(dead));
  const taken = await withFolderLock(lock, async () => 'ran');
  assert.deepEqual(taken, { ok: true, value: 'ran' });

  mkdirSync(lock, { recursive: true });
  writeFileSync(join(lock, 'pid'), String(process.pid));
  const refused = await withFolderLock(lock, async () => 'ran', { timeoutMs: 50, pollMs: 10 });
  assert.ok(!refused.ok);
  assert.equal(refused.error.kind, 'timeout');
  assert.match(refused.error.message, /another cluster creation.*remove that folder/);
});
