/** Checks of what users type into input boxes (pure, for the tests). */

/** Why `text` is not a namespace name (a DNS-1123 label), or undefined. */
export function namespaceProblem(text: string): string | undefined {
  if (text.length === 0) return 'Type a namespace name.';
  if (text.length > 63) return 'A namespace name has at most 63 characters.';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text)) return 'A namespace name has lowercase letters, digits and "-", and starts and ends with a letter or digit.';
  return undefined;
}

/** Why `text` is not a replica or node count between 0 and `max`, or undefined. */
export function countProblem(text: string, what: string, max = 1000): string | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return `${what} must be a whole number (0 or more), not "${text}".`;
  const n = Number(trimmed);
  if (n > max) return `${what} above ${max} is refused here; use kubectl if you really mean ${n}.`;
  return undefined;
}
