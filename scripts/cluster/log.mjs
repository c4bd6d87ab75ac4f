// Progress lines for the local cluster script. Every line starts with `cluster:` so a CI log or
// `npm test` output shows at a glance which step of the cluster lifecycle said it.

const started = Date.now();

/** Prints one progress line with the seconds elapsed since the script started. */
export function say(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`cluster: ${message} (+${seconds}s)\n`);
}

/** An error whose message is meant for the user as is: no stack trace is printed for it. */
export class UserError extends Error {}
