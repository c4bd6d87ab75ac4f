// berth.testing.hostStats: the extension host's memory and event-loop delay as the bench reads them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostStatsOf, HostStatsMonitor, wantsReset } from '../../client/src/testing/hostStats';

describe('the extension host stats', () => {
  test('delays are read from nanoseconds into milliseconds', () => {
    const stats = hostStatsOf({ rss: 300e6, heapUsed: 120e6 }, { max: 123_456_789, percentile: (p) => (p === 99 ? 20_990_000 : 0) }, 5000.4);
    assert.deepEqual(stats, { rssBytes: 300e6, heapUsedBytes: 120e6, eventLoopDelayMaxMs: 123.46, eventLoopDelayP99Ms: 20.99, sinceMs: 5000 });
  });

  test('a histogram with no sample yet reads as no delay', () => {
    const stats = hostStatsOf({ rss: 1, heapUsed: 1 }, { max: 0, percentile: () => Number.NaN }, 0);
    assert.deepEqual([stats.eventLoopDelayMaxMs, stats.eventLoopDelayP99Ms], [0, 0]);
  });

  test('only { reset: true } resets', () => {
    assert.deepEqual([wantsReset({ reset: true }), wantsReset({ reset: 'yes' }), wantsReset(undefined), wantsReset(true)], [true, false, false, false]);
  });

  test('the monitor sees a block of the event loop, and a reset starts over', async () => {
    let now = 1000;
    const monitor = new HostStatsMonitor(() => now);
    try {
      monitor.read(false);
      // The histogram measures between its own timer ticks: let it tick once before the block.
      await new Promise((resolve) => setTimeout(resolve, 3 * 10));
      const until = Date.now() + 150;
      while (Date.now() < until) {
        // block the loop
      }
      // The histogram records the delay when its next timer fires.
      await new Promise((resolve) => setTimeout(resolve, 2 * 10));
      now = 4000;
      const blocked = monitor.read(false);
      assert.ok(blocked.eventLoopDelayMaxMs >= 100, `max ${blocked.eventLoopDelayMaxMs} ms after a 150 ms block`);
      assert.equal(blocked.sinceMs, 3000);
      assert.ok(blocked.rssBytes > 0 && blocked.heapUsedBytes > 0);
      const reset = monitor.read(true);
      assert.equal(reset.sinceMs, 0);
      assert.equal(reset.eventLoopDelayMaxMs, 0);
    } finally {
      monitor.dispose();
    }
  });
});
