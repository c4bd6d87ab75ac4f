// What `up` is doing, for whoever waits on it: <cluster dir>/progress.json, rewritten atomically
// (temp file + rename) at every step and every few seconds within one, so `npm start`'s workbench
// can say "building Kubernetes (3/6), ~9 min left" while the cluster is made in the background.
// Estimates come from each step's last measured duration, kept in the cache folder beside the
// binaries (a fresh clone on the same machine inherits them), else from the cold figures below.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir } from './paths.mjs';

/** Seconds each step took from empty Go caches on a 2-core machine (the README's cold run). */
export const DEFAULT_STEP_SECONDS = {
  etcd: 96,
  kwok: 173,
  kubernetes: 479,
  'metrics-server': 240,
  helm: 150,
  start: 60,
};

/** The steps of a kwok `up`, in the order it runs them. */
export const KWOK_STEPS = [
  { key: 'etcd', name: 'etcd' },
  { key: 'kwok', name: 'kwok' },
  { key: 'kubernetes', name: 'Kubernetes' },
  { key: 'metrics-server', name: 'metrics-server' },
  { key: 'helm', name: 'helm' },
  { key: 'start', name: 'starting the cluster' },
];

export function stepSecondsFile(dir = cacheDir()) {
  return join(dir, 'cluster-step-seconds.json');
}

/** The last measured seconds per step, over the defaults; a missing or broken file is no error. */
export function readStepSeconds(file = stepSecondsFile()) {
  const seconds = { ...DEFAULT_STEP_SECONDS };
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    for (const [key, value] of Object.entries(stored ?? {})) {
      if (key in seconds && Number.isFinite(value) && value >= 0 && value < 24 * 3600) seconds[key] = value;
    }
  } catch {
    // never measured here: the defaults stand
  }
  return seconds;
}

export function rememberStepSeconds(key, seconds, file = stepSecondsFile()) {
  const stored = readStepSeconds(file);
  stored[key] = Math.round(seconds);
  writeAtomically(file, `${JSON.stringify(stored, null, 2)}\n`);
}

/**
 * Seconds left: what remains of the current step (at least a little: a step past its estimate
 * is still running), plus every later step that is not already cached.
 */
export function estimateSecondsLeft(steps, index, elapsedInStep, seconds) {
  let left = 0;
  for (let i = index; i < steps.length; i++) {
    const step = steps[i];
    if (step.cached) continue;
    const whole = seconds[step.key] ?? 0;
    left += i === index ? Math.max(whole - elapsedInStep, Math.min(30, whole)) : whole;
  }
  return Math.round(left);
}

export function writeAtomically(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes the progress of one `up`. `steps` are { key, name, cached }; `begin(key)` enters a
 * step, `done(key)` leaves it (remembering its duration when it built something), `ready()` and
 * `failed(message)` end. Writing never throws: a full disk must not fail the cluster.
 */
export function progressWriter({ file, steps, context, log, now = () => Date.now(), secondsFile = stepSecondsFile(), heartbeatMs = 10_000 }) {
  const startedAt = new Date(now()).toISOString();
  const seconds = readStepSeconds(secondsFile);
  let index = 0;
  let stepStarted = now();
  let state = 'building';
  let message;
  let timer;

  const record = () => ({
    state,
    step: steps[Math.min(index, steps.length - 1)]?.name ?? '',
    stepIndex: Math.min(index + 1, steps.length),
    steps: steps.length,
    startedAt,
    updatedAt: new Date(now()).toISOString(),
    estimateSecondsLeft: state === 'ready' ? 0 : state === 'failed' ? null : estimateSecondsLeft(steps, index, (now() - stepStarted) / 1000, seconds),
    ...(message !== undefined ? { message } : {}),
    ...(context ? { context } : {}),
    ...(log ? { log } : {}),
    pid: process.pid,
  });
  const write = () => {
    try {
      writeAtomically(file, `${JSON.stringify(record(), null, 2)}\n`);
    } catch {
      // progress is a courtesy
    }
  };
  const stopHeartbeat = () => {
    clearInterval(timer);
    timer = undefined;
  };

  return {
    record,
    begin(key) {
      const at = steps.findIndex((s) => s.key === key);
      if (at < 0) return;
      index = at;
      stepStarted = now();
      state = key === 'start' ? 'starting' : 'building';
      write();
      if (!timer && heartbeatMs > 0) {
        timer = setInterval(write, heartbeatMs);
        timer.unref?.();
      }
    },
    done(key, { built = true } = {}) {
      const at = steps.findIndex((s) => s.key === key);
      if (at < 0) return;
      const took = (now() - stepStarted) / 1000;
      if (built) {
        seconds[key] = took;
        try {
          rememberStepSeconds(key, took, secondsFile);
        } catch {
          // next time's estimate falls back to the default
        }
      }
      steps[at].cached = true;
      index = Math.min(at + 1, steps.length - 1);
      stepStarted = now();
    },
    ready() {
      stopHeartbeat();
      state = 'ready';
      index = steps.length - 1;
      message = undefined;
      write();
    },
    failed(text) {
      stopHeartbeat();
      state = 'failed';
      message = String(text).split('\n')[0].slice(0, 300);
      write();
    },
  };
}
