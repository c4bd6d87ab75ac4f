import { jsPattern } from '../schema/crd/re2Pattern';

/**
 * A values.schema.json pattern made safe to run here. Helm checks patterns with Go's RE2, which
 * never backtracks; JavaScript's engine does, so a pattern such as `(a+)+$` could hang the
 * language server on a long value. Patterns are translated from RE2 as CRD patterns are, and a
 * group repeated without bound that itself repeats without bound is dropped (unchecked) rather
 * than run: a value is never refused for it, only not checked.
 */
export function safePattern(re2: string): string | undefined {
  if (re2.length > MAX_PATTERN_LENGTH || hasNestedRepetition(re2)) return undefined;
  return jsPattern(re2);
}

const MAX_PATTERN_LENGTH = 1000;

/** Whether some group with an unbounded repetition inside is itself repeated without bound. */
export function hasNestedRepetition(pattern: string): boolean {
  // For each open group: whether it holds an unbounded repetition so far.
  const groups: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push(false);
    else if (c === ')') {
      const inner = groups.pop() ?? false;
      const repeated = unboundedAt(pattern, i + 1);
      if (inner && repeated) return true;
      if ((inner || repeated) && groups.length > 0) groups[groups.length - 1] = true;
    } else if (unboundedAt(pattern, i) && groups.length > 0) groups[groups.length - 1] = true;
  }
  return false;
}

/** Whether an unbounded quantifier (`*`, `+`, `{n,}`) starts at `i`. */
function unboundedAt(pattern: string, i: number): boolean {
  const c = pattern[i];
  if (c === '*' || c === '+') return true;
  return c === '{' && /^\{\d*,\}/.test(pattern.slice(i, i + 12));
}
