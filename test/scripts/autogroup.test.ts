// scripts/tools/autogroup.mjs, with which `npm start` lets its detached cluster build yield the
// CPU to the workbench and the explorer bench lowers its cluster: a detached child leads a
// scheduler group of its own, and lowering it leaves the caller's group alone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { importScript } from '../helpers/repo';

interface Autogroup {
  group: string;
  nice: number;
}
interface AutogroupModule {
  autogroupOf(pid: number | 'self'): Autogroup | undefined;
  setAutogroupNice(pid: number, nice: number): boolean;
}

async function autogroupModule(): Promise<AutogroupModule> {
  return importScript<AutogroupModule>('scripts/tools/autogroup.mjs');
}

describe('session autogroups', () => {
  it('lowers a detached child\'s group and not the caller\'s', async (t) => {
    const m = await autogroupModule();
    const own = m.autogroupOf('self');
    if (own === undefined) {
      t.skip('this kernel has no sched autogroup (/proc/self/autogroup): nothing to lower');
      return;
    }
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { detached: true, stdio: 'ignore' });
    try {
      await once(child, 'spawn');
      const pid = child.pid ?? assert.fail('the child has no pid');
      const before = m.autogroupOf(pid) ?? assert.fail('the child has no autogroup');
      assert.notEqual(before.group, own.group, 'a detached child leads a session, so a group, of its own');
      assert.equal(m.setAutogroupNice(pid, 19), true);
      assert.deepEqual(m.autogroupOf(pid), { group: before.group, nice: 19 });
      assert.deepEqual(m.autogroupOf('self'), own);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('answers nothing for a process that is not there', async () => {
    const m = await autogroupModule();
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await once(gone, 'exit');
    const pid = gone.pid ?? assert.fail('no pid');
    assert.equal(m.autogroupOf(pid), undefined);
    assert.equal(m.setAutogroupNice(pid, 19), false);
  });
});
