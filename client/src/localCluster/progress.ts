import { basename, dirname, isAbsolute } from 'node:path';
import { err, ok, type Result } from '../../../platform/result';

/**
 * The local cluster's progress as `scripts/cluster.mjs up` writes it (scripts/cluster/progress.mjs),
 * read back strictly: the file is outside the extension's control, and its strings end up in the
 * status bar, tooltips and error messages.
 */
export type LocalClusterState = 'building' | 'starting' | 'ready' | 'failed';

export interface LocalClusterProgress {
  readonly state: LocalClusterState;
  /** The step's human name ("Kubernetes", "starting the cluster"). */
  readonly step: string;
  /** 1-based, at most `steps`. */
  readonly stepIndex: number;
  readonly steps: number;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  readonly updatedAt: number;
  /** As of `updatedAt`; undefined when unknown. */
  readonly estimateSecondsLeft?: number;
  readonly message?: string;
  /** The kubeconfig context the cluster will have. */
  readonly context?: string;
  /** `up`'s log, beside the progress file. */
  readonly log?: string;
  readonly pid: number;
}

const STATES: readonly LocalClusterState[] = ['building', 'starting', 'ready', 'failed'];
// C0 and C1 controls, and the bidirectional overrides that could make a tooltip lie.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,252}$/;
const WEEK = 7 * 24 * 3600;

function cleanText(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max && !UNSAFE.test(value) ? value : undefined;
}

function time(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Parses the progress file's text. `progressFile` is where it was read: a log path is accepted
 * only beside it (the log is opened in an editor on a click).
 */
export function parseLocalClusterProgress(text: string, progressFile: string): Result<LocalClusterProgress, string> {
  if (text.length > 16_384) return err('the progress file is larger than 16 KB');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return err('the progress file is not JSON (yet)');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return err('the progress file is not a JSON object');
  const r = raw as Record<string, unknown>;
  const state = STATES.find((s) => s === r['state']);
  if (!state) return err('"state" is not building, starting, ready or failed');
  const step = cleanText(r['step'], 80);
  if (step === undefined) return err('"step" is not a short plain text');
  if (!isWhole(r['steps'], 1, 50)) return err('"steps" is not a whole number from 1 to 50');
  const steps = r['steps'];
  if (!isWhole(r['stepIndex'], 0, steps)) return err('"stepIndex" is not a whole number up to "steps"');
  const startedAt = time(r['startedAt']);
  const updatedAt = time(r['updatedAt']);
  if (startedAt === undefined || updatedAt === undefined) return err('"startedAt" or "updatedAt" is not a time');
  const estimate = r['estimateSecondsLeft'];
  if (estimate !== null && estimate !== undefined && !(typeof estimate === 'number' && Number.isFinite(estimate) && estimate >= 0 && estimate <= WEEK)) {
    return err('"estimateSecondsLeft" is neither null nor a number of seconds');
  }
  if (!isWhole(r['pid'], 1, 2 ** 31)) return err('"pid" is not a process id');
  let message: string | undefined;
  if (r['message'] !== undefined) {
    if (typeof r['message'] !== 'string') return err('"message" is not a string');
    // A compiler's last line may hold tabs or escapes: shown, but flattened and cut short.
    message = r['message'].replace(new RegExp(UNSAFE.source, 'g'), ' ').slice(0, 300).trim() || undefined;
  }
  let context: string | undefined;
  if (r['context'] !== undefined) {
    if (typeof r['context'] !== 'string' || !CONTEXT_NAME.test(r['context'])) return err('"context" is not a context name');
    context = r['context'];
  }
  let log: string | undefined;
  if (r['log'] !== undefined) {
    const path = cleanText(r['log'], 4096);
    if (path === undefined || !isAbsolute(path) || dirname(path) !== dirname(progressFile) || !basename(path).endsWith('.log')) return err('"log" is not a .log file beside the progress file');
    log = path;
  }
  return ok({
    state,
    step,
    stepIndex: r['stepIndex'] as number,
    steps,
    startedAt,
    updatedAt,
    ...(typeof estimate === 'number' ? { estimateSecondsLeft: estimate } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(context !== undefined ? { context } : {}),
    ...(log !== undefined ? { log } : {}),
    pid: r['pid'] as number,
  });
}

/** Whether the cluster is still on its way (building or starting). */
export function inProgress(progress: LocalClusterProgress | undefined): progress is LocalClusterProgress & { state: 'building' | 'starting' } {
  return progress?.state === 'building' || progress?.state === 'starting';
}

/**
 * A run still "building" whose process is gone was stopped (Ctrl-C, a crash): it is failed, and
 * says so, rather than spinning forever.
 */
export function withLiveness(progress: LocalClusterProgress, alive: (pid: number) => boolean): LocalClusterProgress {
  if (!inProgress(progress) || alive(progress.pid)) return progress;
  return { ...progress, state: 'failed', message: `the cluster script (pid ${progress.pid}) stopped during "${progress.step}"` };
}

/** Seconds left now: the file's estimate, less the time since it was written. */
export function secondsLeft(progress: LocalClusterProgress, now: number): number | undefined {
  if (progress.estimateSecondsLeft === undefined) return undefined;
  return Math.max(0, progress.estimateSecondsLeft - Math.max(0, now - progress.updatedAt) / 1000);
}

/** "~9 min left", "under a minute left", or nothing when unknown. */
export function timeLeftText(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  if (seconds < 60) return 'under a minute left';
  return `~${Math.ceil(seconds / 60)} min left`;
}

/** The step as a phrase: a build step's name follows "building", the start step stands alone. */
function doing(progress: LocalClusterProgress): string {
  return progress.state === 'building' ? `building ${progress.step}` : progress.step;
}

/** "Local cluster: building Kubernetes (3/6), ~9 min left" (without an icon). */
export function progressLine(progress: LocalClusterProgress, now: number): string {
  if (progress.state === 'ready') return 'Local cluster: ready';
  if (progress.state === 'failed') return `Local cluster: failed${progress.message ? `: ${progress.message}` : ''}`;
  const left = timeLeftText(secondsLeft(progress, now));
  return `Local cluster: ${doing(progress)} (${progress.stepIndex}/${progress.steps})${left ? `, ${left}` : ''}`;
}

/** The longer text for a tooltip: which context, which step, how the estimate is made, where the log is. */
export function progressDetail(progress: LocalClusterProgress, now: number): string {
  const context = progress.context ? ` (context ${progress.context})` : '';
  const log = progress.log ? `Log: ${progress.log}` : 'Its log is in the terminal that runs `npm start`.';
  if (progress.state === 'failed') {
    return [`The local cluster${context} did not come up${progress.message ? `: ${progress.message}` : '.'}`, progress.log ? 'Click to open the log.' : log, 'Retry with `npm run cluster -- up`; editing and validation work meanwhile.'].join('\n\n');
  }
  if (progress.state === 'ready') return `The local cluster${context} is ready.`;
  const left = timeLeftText(secondsLeft(progress, now));
  return [
    `The local cluster${context} is coming up in the background: step ${progress.stepIndex} of ${progress.steps}, ${progress.step}${left ? `; ${left} (estimated from the last build on this machine)` : ''}.`,
    'Editing and validation work meanwhile; the Clusters view lists the cluster once it is ready.',
    log,
  ].join('\n\n');
}

/** What a command that would connect to the local cluster says instead of a connection error. */
export function stillBuildingMessage(progress: LocalClusterProgress, now: number): string {
  const left = timeLeftText(secondsLeft(progress, now));
  return `The local cluster is still building (step ${progress.stepIndex}/${progress.steps}: ${progress.step}${left ? `, ${left}` : ''}); editing and validation work meanwhile.`;
}
