/**
 * What the extension host costs while it runs: its memory and how long its event loop was
 * blocked, sampled by `perf_hooks.monitorEventLoopDelay`. The bench reads it through the
 * `berth.testing.hostStats` command (hostStatsCommand.ts); this file holds no vscode.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface HostStats {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** The longest the loop was late, over the sampling resolution, since the monitor (re)started. */
  readonly eventLoopDelayMaxMs: number;
  readonly eventLoopDelayP99Ms: number;
  /** How long the monitor has been sampling. */
  readonly sinceMs: number;
}

/** Sampling resolution of the histogram: a block shorter than this may go unseen. */
export const RESOLUTION_MS = 10;

/** The parts of a histogram read here (IntervalHistogram gives them in nanoseconds). */
export interface DelayHistogram {
  readonly max: number;
  percentile(percentile: number): number;
}

/** Stats from raw readings; an empty histogram (no sample yet) reads as 0 ms. */
export function hostStatsOf(memory: { readonly rss: number; readonly heapUsed: number }, histogram: DelayHistogram, sinceMs: number): HostStats {
  const ms = (nanoseconds: number) => (Number.isFinite(nanoseconds) && nanoseconds > 0 ? Math.round(nanoseconds / 1e4) / 100 : 0);
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    eventLoopDelayMaxMs: ms(histogram.max),
    eventLoopDelayP99Ms: ms(histogram.percentile(99)),
    sinceMs: Math.max(0, Math.round(sinceMs)),
  };
}

/** The command's argument: `{ reset: true }` starts sampling afresh; anything else reads. */
export function wantsReset(argument: unknown): boolean {
  return typeof argument === 'object' && argument !== null && (argument as { reset?: unknown }).reset === true;
}

/** The histogram starts on the first read (or a reset) and stops on dispose. */
export class HostStatsMonitor {
  private histogram: IntervalHistogram | undefined;
  private started = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  read(reset: boolean): HostStats {
    if (!this.histogram || reset) this.restart();
    const histogram = this.histogram!;
    return hostStatsOf(process.memoryUsage(), histogram, this.now() - this.started);
  }

  dispose(): void {
    this.histogram?.disable();
    this.histogram = undefined;
  }

  private restart(): void {
    this.histogram?.disable();
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.started = this.now();
  }
}
