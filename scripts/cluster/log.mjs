// Progress lines for the local cluster script. Every line starts with `cluster:` so a CI log or
// `npm test` output shows at a glance which step of the cluster lifecycle said it.

import { appendFileSync } from 'node:fs';

const started = Date.now();
let copyTo;

/** Also appends every line to `file` (`up` keeps one where an editor can open it). */
export function sayAlsoTo(file) {
  copyTo = file;
}

/** Prints one progress line with the seconds elapsed since the script started. */
export function say(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const line = `cluster: ${message} (+${seconds}s)\n`;
  process.stderr.write(line);
  if (copyTo) {
    try {
      appendFileSync(copyTo, `${new Date().toISOString()} ${line}`);
    } catch {
      // the terminal still has it
    }
  }
}

/** Appends text to the file `sayAlsoTo` named, and nowhere else (the terminal has it already). */
export function noteInCopy(text) {
  if (!copyTo) return;
  try {
    appendFileSync(copyTo, `${new Date().toISOString()} ${text.trimEnd()}\n`);
  } catch {
    // best effort
  }
}

/** An error whose message is meant for the user as is: no stack trace is printed for it. */
export class UserError extends Error {}
