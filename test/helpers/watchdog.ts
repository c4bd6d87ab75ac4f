/**
 * A watchdog against a hang (never a speed bound: at least 20 s): the promise's own outcome, or a
 * failure that says which step hung and what it had seen by then, where the test's own timeout
 * would only say that the whole test ran out of time. `release` lets go of what the step holds
 * (a socket left open would keep the test file's process alive).
 */
export async function watchdog<T>(promise: Promise<T>, seconds: number, what: () => string, release?: () => void): Promise<T> {
  if (seconds < 20) throw new Error(`watchdog: ${seconds} s is a speed bound, not a watchdog (20 s or more)`);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      release?.();
      reject(new Error(`${what()}: no outcome within ${seconds} s`));
    }, seconds * 1000);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
