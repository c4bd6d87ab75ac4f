import picomatch from 'picomatch';

/**
 * `files.exclude` and `berth.exclude` glob patterns as a path predicate (for a path relative to
 * the workspace folder), matched as VS Code matches them: a pattern without a slash matches at any
 * depth, a pattern naming a folder excludes everything below it, dot-files are not special, and
 * Windows separators count as slashes.
 */
export function excludeMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const globs = patterns
    .map((pattern) => pattern.trim().replace(/^\.\//, ''))
    .filter((glob) => glob !== '')
    .map((glob) => (glob.includes('/') ? glob : `**/${glob}`))
    .flatMap((glob) => [glob, `${glob}/**`]);
  if (globs.length === 0) return () => false;
  const matches = picomatch(globs, { dot: true });
  return (relativePath) => matches(relativePath.split('\\').join('/'));
}
