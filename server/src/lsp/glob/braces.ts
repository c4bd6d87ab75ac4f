/**
 * The brace alternatives of a glob, expanded (`{a,b}/{c,d}` → `a/c`, `a/d`, `b/c`, `b/d`; nested
 * braces too), or undefined when there would be more than `limit`: a few braces in a row multiply,
 * and every alternative costs a match per path. A `{` without its `}` is an ordinary character;
 * backslash escapes are kept for the glob compiler.
 */
export function expandBraces(glob: string, limit: number): string[] | undefined {
  const expanded = expand(glob, limit);
  return expanded && [...new Set(expanded)];
}

function expand(text: string, limit: number): string[] | undefined {
  let results = [''];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') results = results.map((result) => result + literal);
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      literal += text.slice(i, i + 2);
      i++;
      continue;
    }
    const close = char === '{' ? matchingBrace(text, i) : -1;
    if (close < 0) {
      literal += char;
      continue;
    }
    const alternatives: string[] = [];
    for (const part of splitTopLevelCommas(text.slice(i + 1, close))) {
      const expandedPart = expand(part, limit);
      if (!expandedPart) return undefined;
      alternatives.push(...expandedPart);
      if (alternatives.length > limit) return undefined;
    }
    if (results.length * alternatives.length > limit) return undefined;
    flush();
    results = results.flatMap((result) => alternatives.map((alternative) => result + alternative));
    i = close;
  }
  flush();
  return results;
}

/** The index of the `}` closing the `{` at `open`, or -1. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevelCommas(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
