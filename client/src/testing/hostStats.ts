/**
 * What the extension host costs while it runs: its memory and how long its event loop was
 * blocked, sampled by `perf_hooks.monitorEventLoopDelay`. The bench reads it through the
 * `berth.testing.hostStats` command (hostStatsCommand.ts); this file holds no vscode.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface HostStats {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /**
   * The longest interval between two ticks of the histogram's 10 ms timer since the monitor
   * (re)started: Node records whole intervals, so a block of B ms reads as B to B + 10 ms, an upper
   * bound of the longest block (the stall recorder's late ticks are the interval less 10 ms).
   */
  readonly eventLoopDelayMaxMs: number;
  readonly eventLoopDelayP99Ms: number;
  /** How long the monitor has been sampling. */
  readonly sinceMs: number;
  /** The longest stalls since the monitor (re)started, longest first. */
  readonly longestStalls: readonly Stall[];
}

/**
 * One late tick of the stall timer: when it fired (epoch ms, so another process can place it among
 * its own steps), how late it was, and the CPU the host process used meanwhile. A stall with
 * little CPU of the host's own was spent waiting for a core, not running the host's code.
 */
export interface Stall {
  readonly atEpochMs: number;
  readonly ms: number;
  readonly hostCpuMs: number;
}

/** Sampling resolution of the histogram: a block shorter than this may go unseen. */
export const RESOLUTION_MS = 10;

/** The parts of a histogram read here (IntervalHistogram gives them in nanoseconds). */
export interface DelayHistogram {
  readonly max: number;
  percentile(percentile: number): number;
}

/** Stats from raw readings; an empty histogram (no sample yet) reads as 0 ms. */
export function hostStatsOf(memory: { readonly rss: number; readonly heapUsed: number }, histogram: DelayHistogram, sinceMs: number, longestStalls: readonly Stall[] = []): HostStats {
  const ms = (nanoseconds: number) => (Number.isFinite(nanoseconds) && nanoseconds > 0 ? Math.round(nanoseconds / 1e4) / 100 : 0);
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    eventLoopDelayMaxMs: ms(histogram.max),
    eventLoopDelayP99Ms: ms(histogram.percentile(99)),
    sinceMs: Math.max(0, Math.round(sinceMs)),
    longestStalls,
  };
}

/** Ticks later than this are kept as stalls; shorter ones are the histogram's business. */
export const STALL_THRESHOLD_MS = 50;
const STALLS_KEPT = 5;

/**
 * Keeps the longest stalls of a timer ticking every RESOLUTION_MS: fed with the tick times and
 * the process's CPU time, it holds no timer itself (the monitor drives it).
 */
export class StallRecorder {
  private last: { readonly at: number; readonly cpuMs: number } | undefined;
  private readonly kept: Stall[] = [];

  tick(atEpochMs: number, cpuMs: number): void {
    const previous = this.last;
    this.last = { at: atEpochMs, cpuMs };
    if (!previous) return;
    const late = atEpochMs - previous.at - RESOLUTION_MS;
    if (late < STALL_THRESHOLD_MS) return;
    this.kept.push({ atEpochMs, ms: Math.round(late), hostCpuMs: Math.round(Math.max(0, cpuMs - previous.cpuMs)) });
    this.kept.sort((a, b) => b.ms - a.ms);
    this.kept.length = Math.min(this.kept.length, STALLS_KEPT);
  }

  longest(): readonly Stall[] {
    return [...this.kept];
  }
}

/** User and system CPU time of this process so far, in milliseconds. */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The command's argument: `{ reset: true }` starts sampling afresh; anything else reads. */
export function wantsReset(argument: unknown): boolean {
  return typeof argument === 'object' && argument !== null && (argument as { reset?: unknown }).reset === true;
}

/** The histogram starts on the first read (or a reset) and stops on dispose. */
export class HostStatsMonitor {
  private histogram: IntervalHistogram | undefined;
  private stalls = new StallRecorder();
  private stallTimer: ReturnType<typeof setInterval> | undefined;
  private started = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  read(reset: boolean): HostStats {
    if (!this.histogram || reset) this.restart();
    const histogram = this.histogram!;
    return hostStatsOf(process.memoryUsage(), histogram, this.now() - this.started, this.stalls.longest());
  }

  dispose(): void {
    this.histogram?.disable();
    this.histogram = undefined;
    clearInterval(this.stallTimer);
    this.stallTimer = undefined;
  }

  private restart(): void {
    this.dispose();
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    const stalls = new StallRecorder();
    this.stalls = stalls;
    stalls.tick(Date.now(), processCpuMs());
    this.stallTimer = setInterval(() => stalls.tick(Date.now(), processCpuMs()), RESOLUTION_MS);
    // The host may exit with the monitor running.
    this.stallTimer.unref();
    this.started = this.now();
  }
}
