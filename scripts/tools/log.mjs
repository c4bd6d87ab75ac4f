// Progress lines of the tools installer and the workbench helpers, each starting with `tools:`.
const started = Date.now();

export function say(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`tools: ${message} (+${seconds}s)\n`);
}

/** An error whose message is meant for the user as is: no stack trace is printed for it. */
export class UserError extends Error {}
