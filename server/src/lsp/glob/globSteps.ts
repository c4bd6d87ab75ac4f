import { matchesWildcard, type WildcardStep } from './wildcard';

/**
 * A brace-free glob as wildcard steps over the folders of a path: `**` takes any number of
 * folders, every other segment exactly one, matched over its characters (`*` any run within the
 * name, `?` one character, `[a-z]` / `[!a-z]` one of a class, `\x` the character x). Dots are
 * ordinary characters; empty segments (`a//b`, a leading or trailing slash) are dropped, as they
 * are from paths.
 */
export function globSteps(glob: string): WildcardStep<string>[] {
  return glob
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (segment === '**' ? 'many' : segmentPredicate(segment)));
}

function segmentPredicate(segment: string): (name: string) => boolean {
  if (!/[*?[\\]/.test(segment)) return (name) => name === segment;
  const steps = charSteps(segment);
  return (name) => matchesWildcard(name, steps);
}

function charSteps(segment: string): WildcardStep<string>[] {
  const steps: WildcardStep<string>[] = [];
  let parsed: ReturnType<typeof characterClass>;
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i]!;
    if (char === '*') {
      if (steps[steps.length - 1] !== 'many') steps.push('many');
    } else if (char === '?') {
      steps.push(() => true);
    } else if (char === '[' && (parsed = characterClass(segment, i))) {
      steps.push(parsed.predicate);
      i = parsed.end;
    } else {
      const literal = char === '\\' && i + 1 < segment.length ? segment[++i]! : char;
      steps.push((c) => c === literal);
    }
  }
  return steps;
}

/** The class `[...]` opening at `open` (`!` or `^` first negates, `a-z` is a range), or undefined if it never closes. */
function characterClass(segment: string, open: number): { predicate: (char: string) => boolean; end: number } | undefined {
  let i = open + 1;
  const negated = segment[i] === '!' || segment[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  for (let first = true; i < segment.length; i++, first = false) {
    let char = segment[i]!;
    if (char === ']' && !first) {
      return { predicate: (c) => ranges.some(([low, high]) => c >= low && c <= high) !== negated, end: i };
    }
    if (char === '\\' && i + 1 < segment.length) char = segment[++i]!;
    if (segment[i + 1] === '-' && i + 2 < segment.length && segment[i + 2] !== ']') {
      let high = segment[i + 2]!;
      i += 2;
      if (high === '\\' && i + 1 < segment.length) high = segment[++i]!;
      ranges.push([char, high]);
    } else {
      ranges.push([char, char]);
    }
  }
  return undefined;
}
