/**
 * The Clusters view's namespace filter: comma- or space-separated patterns where `*` matches any
 * run of characters ("shop, team-*"). A namespace is shown when any pattern matches it whole.
 */
export interface NamespaceFilter {
  /** As the user typed it, normalised ("shop, team-*"). */
  readonly text: string;
  matches(namespace: string): boolean;
}

export function parseNamespaceFilter(input: string): NamespaceFilter | undefined {
  const patterns = input
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (patterns.length === 0) return undefined;
  const expressions = patterns.map((p) => new RegExp(`^${p.split('*').map(escape).join('.*')}$`));
  return { text: patterns.join(', '), matches: (namespace) => expressions.some((e) => e.test(namespace)) };
}

/** Why the filter input rejects a value, or undefined when it is fine (empty clears the filter). */
export function validateNamespaceFilter(input: string): string | undefined {
  const bad = input.split(/[\s,]+/).find((p) => p !== '' && !/^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/.test(p));
  return bad === undefined ? undefined : `"${bad}" is not a namespace pattern: use lower-case letters, digits, '-' and '*'.`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
