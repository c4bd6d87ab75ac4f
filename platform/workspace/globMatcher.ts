/**
 * VS Code-style glob patterns (`**`, `*`, `?`, `{a,b}`, `[abc]`) as a path predicate, for
 * `files.exclude` and `berth.exclude`. Patterns without a slash match at any depth, as VS Code does.
 */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const regexes = patterns.filter((p) => p.trim() !== '').map(globToRegExp);
  return (path) => {
    const normalized = path.split('\\').join('/');
    return regexes.some((regex) => regex.test(normalized));
  };
}

export function globToRegExp(pattern: string): RegExp {
  let glob = pattern.trim().replace(/^\.\//, '');
  if (!glob.includes('/')) glob = `**/${glob}`;
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, end).split(',').map((part) => part.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end === -1) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  // A pattern naming a folder excludes everything below it too.
  return new RegExp(`^${out}(?:/.*)?$`);
}
