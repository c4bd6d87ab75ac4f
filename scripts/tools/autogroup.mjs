// Linux's sched autogroup puts each session (setsid, so every detached child) in a scheduler group
// of its own, and groups share the CPU evenly: a thread's niceness ranks it only among the threads
// of its own session. A detached process meant to yield the CPU must lower its session's group
// too (/proc/<pid>/autogroup). Where the kernel has no autogroups these are no-ops.
import { readFileSync, writeFileSync } from 'node:fs';

/** The autogroup `pid` is in and its nice value, or undefined where there is none. */
export function autogroupOf(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/autogroup`, 'utf8');
  } catch {
    return undefined;
  }
  const match = /^(\/autogroup-\d+) nice (-?\d+)/.exec(text);
  return match ? { group: match[1], nice: Number(match[2]) } : undefined;
}

/** Sets the nice value of `pid`'s autogroup; false where that cannot be done. */
export function setAutogroupNice(pid, nice) {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    return true;
  } catch {
    return false;
  }
}
