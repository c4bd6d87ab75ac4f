// berth.testing.hostStats: the extension host's memory and event-loop delay as the bench reads them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostStatsOf, HostStatsMonitor, processCpuMs, RESOLUTION_MS, StallRecorder, wantsReset } from '../../client/src/testing/hostStats';

describe('the extension host stats', () => {
  test('delays are read from nanoseconds into milliseconds', () => {
    const stats = hostStatsOf({ rss: 300e6, heapUsed: 120e6 }, { max: 123_456_789, percentile: (p) => (p === 99 ? 20_990_000 : 0) }, 5000.4);
    assert.deepEqual(stats, { rssBytes: 300e6, heapUsedBytes: 120e6, eventLoopDelayMaxMs: 123.46, eventLoopDelayP99Ms: 20.99, sinceMs: 5000, longestStalls: [] });
  });

  test('a histogram with no sample yet reads as no delay', () => {
    const stats = hostStatsOf({ rss: 1, heapUsed: 1 }, { max: 0, percentile: () => Number.NaN }, 0);
    assert.deepEqual([stats.eventLoopDelayMaxMs, stats.eventLoopDelayP99Ms], [0, 0]);
  });

  test('only { reset: true } resets', () => {
    assert.deepEqual([wantsReset({ reset: true }), wantsReset({ reset: 'yes' }), wantsReset(undefined), wantsReset(true)], [true, false, false, false]);
  });

  test('a stall is a tick late by 50 ms or more, kept with the CPU the host used in it, the five longest first', () => {
    const recorder = new StallRecorder();
    let at = 1_000_000;
    let cpu = 0;
    const tick = (lateMs: number, cpuMs: number) => {
      at += RESOLUTION_MS + lateMs;
      cpu += cpuMs;
      recorder.tick(at, cpu);
    };
    recorder.tick(at, cpu);
    tick(0, 1);
    tick(49, 40);
    tick(300, 45);
    const stalledAt = at;
    for (const late of [60, 70, 80, 90, 100, 55]) tick(late, late);
    const stalls = recorder.longest();
    assert.deepEqual(stalls.map((s) => s.ms), [300, 100, 90, 80, 70]);
    assert.deepEqual(stalls[0], { atEpochMs: stalledAt, ms: 300, hostCpuMs: 45 });
  });

  test('the monitor sees a block of the event loop, and a reset starts over', async () => {
    let now = 1000;
    const monitor = new HostStatsMonitor(() => now);
    try {
      monitor.read(false);
      // The histogram measures between its own timer ticks: let it tick once before the block.
      await new Promise((resolve) => setTimeout(resolve, 3 * 10));
      // Blocks the loop for 150 ms of this process's CPU time, not of wall time: on a busy machine a
      // wall-clock loop may be descheduled for most of its span and use little CPU.
      const started = processCpuMs();
      while (processCpuMs() - started < 150) {
        // block the loop
      }
      // The histogram records the delay when its next timer fires.
      await new Promise((resolve) => setTimeout(resolve, 2 * 10));
      now = 4000;
      const blocked = monitor.read(false);
      assert.ok(blocked.eventLoopDelayMaxMs >= 100, `max ${blocked.eventLoopDelayMaxMs} ms after a block of 150 ms of CPU`);
      assert.equal(blocked.sinceMs, 3000);
      assert.ok(blocked.rssBytes > 0 && blocked.heapUsedBytes > 0);
      // Busy on its own thread: the stall's CPU is the host's.
      const [stall] = blocked.longestStalls;
      assert.ok(stall && stall.ms >= 100 && stall.hostCpuMs >= 100, `longest stall ${JSON.stringify(stall)} after a block of 150 ms of CPU`);
      const reset = monitor.read(true);
      assert.equal(reset.sinceMs, 0);
      assert.equal(reset.eventLoopDelayMaxMs, 0);
      assert.deepEqual(reset.longestStalls, []);
    } finally {
      monitor.dispose();
    }
  });
});
