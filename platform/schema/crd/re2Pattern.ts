/**
 * A CRD's `pattern` is a Go regular expression (RE2 syntax); the validator compiles JavaScript
 * ones with the `u` flag. The RE2 syntax JavaScript lacks is translated: inline case-insensitivity
 * (`(?i)` to the end of its group, `(?i:…)`), named groups `(?P<name>…)`, `\A` and `\z`, POSIX
 * classes (`[[:alpha:]]`), one-letter Unicode classes (`\pL`) and escaped punctuation. A pattern
 * that still does not compile is dropped (undefined): one field's pattern goes unchecked instead
 * of the whole resource, and never is a valid value refused.
 */
export function jsPattern(re2: string): string | undefined {
  const translated = translate(re2);
  if (translated === undefined) return undefined;
  try {
    new RegExp(translated, 'u');
    return translated;
  } catch {
    return undefined;
  }
}

/** `pattern` of a converted schema node made JavaScript, or removed when it cannot be. */
export function portPattern(node: Record<string, unknown>): void {
  if (typeof node.pattern !== 'string') return;
  const js = jsPattern(node.pattern);
  if (js === undefined) delete node.pattern;
  else node.pattern = js;
}

const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Characters JavaScript's `u` mode lets a backslash escape outside a class. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const LETTER = /^[A-Za-z]$/;

function swapCase(c: string): string {
  return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
}

/** An escape at `i` (a backslash): its JavaScript text and length; undefined for RE2-only escapes with no equivalent. */
function escape(p: string, i: number, inClass: boolean): { text: string; length: number } | undefined {
  const n = p[i + 1];
  if (n === undefined) return undefined;
  if (n === 'A' && !inClass) return { text: '^', length: 2 };
  if (n === 'z' && !inClass) return { text: '$', length: 2 };
  if (n === 'Q' || n === 'C' || n === 'E') return undefined;
  if (n === 'p' || n === 'P') {
    if (p[i + 2] === '{') {
      const end = p.indexOf('}', i + 3);
      return end < 0 ? undefined : { text: p.slice(i, end + 1), length: end + 1 - i };
    }
    const name = p[i + 2];
    return name && LETTER.test(name) ? { text: `\\${n}{${name}}`, length: 3 } : undefined;
  }
  if (n === 'x') {
    if (p[i + 2] === '{') {
      const end = p.indexOf('}', i + 3);
      return end < 0 ? undefined : { text: `\\u{${p.slice(i + 3, end)}}`, length: end + 1 - i };
    }
    return { text: p.slice(i, i + 4), length: 4 };
  }
  // Escaped punctuation: RE2 allows any, JavaScript's `u` mode only syntax characters (and `-` in a class).
  if (!/[0-9A-Za-z]/.test(n) && !SYNTAX.has(n) && !(inClass && n === '-')) return { text: n === ' ' ? ' ' : `\\x${n.charCodeAt(0).toString(16).padStart(2, '0')}`, length: 2 };
  return { text: p.slice(i, i + 2), length: 2 };
}

/** A class starting at `i` (`[`): its JavaScript text and length, letters of both cases when `caseless`. */
function characterClass(p: string, i: number, caseless: boolean): { text: string; length: number } | undefined {
  let j = i + 1;
  let out = '[';
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  const extra: string[] = [];
  let first = true;
  while (j < p.length && (p[j] !== ']' || first)) {
    first = false;
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(j));
    if (posix) {
      const range = POSIX[posix[2] ?? ''];
      if (range === undefined || posix[1]) return undefined;
      out += range;
      j += posix[0].length;
      continue;
    }
    if (p[j] === '\\') {
      const e = escape(p, j, true);
      if (!e) return undefined;
      out += e.text;
      j += e.length;
      continue;
    }
    const c = p[j] ?? '';
    const to = p[j + 2];
    if (p[j + 1] === '-' && to !== undefined && to !== ']' && to !== '\\' && to !== '[') {
      out += `${c}-${to}`;
      if (caseless && LETTER.test(c) && LETTER.test(to) && (c === c.toLowerCase()) === (to === to.toLowerCase())) extra.push(`${swapCase(c)}-${swapCase(to)}`);
      j += 3;
      continue;
    }
    // A `[` inside a class (or a `]` first in it) is a literal in RE2, not in JavaScript's `u` mode.
    out += c === '[' || c === ']' ? `\\${c}` : c;
    if (caseless && LETTER.test(c)) extra.push(swapCase(c));
    j++;
  }
  if (p[j] !== ']') return undefined;
  return { text: `${out}${extra.join('')}]`, length: j + 1 - i };
}

function translate(p: string): string | undefined {
  let out = '';
  // Whether letters match either case, per open group (the outermost first).
  const caseless: boolean[] = [false];
  let i = 0;
  while (i < p.length) {
    const c = p[i] ?? '';
    const ci = caseless[caseless.length - 1] ?? false;
    if (c === '\\') {
      const e = escape(p, i, false);
      if (!e) return undefined;
      out += e.text;
      i += e.length;
    } else if (c === '[') {
      const cls = characterClass(p, i, ci);
      if (!cls) return undefined;
      out += cls.text;
      i += cls.length;
    } else if (p.startsWith('(?', i) && !':<=!'.includes(p[i + 2] ?? ':')) {
      if (p.startsWith('(?P<', i)) {
        out += '(?<';
        caseless.push(ci);
        i += 4;
        continue;
      }
      const flags = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([):])/.exec(p.slice(i));
      // Only case-insensitivity has a translation; `s`, `m` and `U` change what the rest means.
      if (!flags || /[^i]/.test(`${flags[1] ?? ''}${flags[2] ?? ''}`)) return undefined;
      const next = (flags[1] ?? '').includes('i') ? true : (flags[2] ?? '').includes('i') ? false : ci;
      if (flags[3] === ')') caseless[caseless.length - 1] = next;
      else {
        out += '(?:';
        caseless.push(next);
      }
      i += flags[0].length;
    } else if (c === '(') {
      out += c;
      caseless.push(ci);
      i++;
    } else if (c === ')') {
      out += c;
      if (caseless.length > 1) caseless.pop();
      i++;
    } else {
      out += ci && LETTER.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
      i++;
    }
  }
  return out;
}
