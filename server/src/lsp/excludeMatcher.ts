import { expandBraces } from './glob/braces';
import { globSteps } from './glob/globSteps';
import { matchesWildcard, type WildcardStep } from './glob/wildcard';

/** Brace alternatives one pattern may expand to; each costs a match per path. */
const MAX_ALTERNATIVES = 256;
/** Longer patterns are refused: the cost of a match grows with the pattern's length. */
const MAX_PATTERN_LENGTH = 1000;

export interface CompiledExcludes {
  /** Whether a path relative to the workspace folder is excluded. */
  readonly isExcluded: (relativePath: string) => boolean;
  /** Patterns that were not used: too long, or expanding to too many alternatives. */
  readonly refused: readonly string[];
}

/**
 * `files.exclude` and `berth.exclude` glob patterns as a path predicate, matched as VS Code
 * matches them: a pattern without a slash matches at any depth, a pattern naming a folder
 * excludes everything below it, dot-files are not special, and Windows separators count as
 * slashes. Matching never backtracks more than once per step (see `matchesWildcard`), so a
 * hostile pattern in a workspace's settings costs at most the path's length times its own.
 */
export function compileExcludes(patterns: readonly string[]): CompiledExcludes {
  const alternatives: WildcardStep<string>[][] = [];
  const refused: string[] = [];
  for (const pattern of patterns) {
    const glob = pattern.trim().replace(/^\.\//, '');
    if (glob === '') continue;
    const expanded = glob.length <= MAX_PATTERN_LENGTH ? expandBraces(glob, MAX_ALTERNATIVES) : undefined;
    if (!expanded) {
      refused.push(pattern);
      continue;
    }
    const anyDepth: WildcardStep<string>[] = glob.includes('/') ? [] : ['many'];
    for (const alternative of expanded) alternatives.push([...anyDepth, ...globSteps(alternative), 'many']);
  }
  if (alternatives.length === 0) return { isExcluded: () => false, refused };
  return {
    isExcluded: (relativePath) => {
      const folders = relativePath.split(/[\\/]/).filter((segment) => segment !== '');
      return alternatives.some((steps) => matchesWildcard(folders, steps));
    },
    refused,
  };
}

/** The predicate of `compileExcludes`, for callers that need not report refused patterns. */
export function excludeMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  return compileExcludes(patterns).isExcluded;
}
