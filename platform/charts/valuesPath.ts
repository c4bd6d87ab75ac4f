import type { Range } from 'vscode-languageserver-types';

/**
 * Where a Helm template reads `.Values`: `.Values.a.b`, `$.Values.a.b`, and `index .Values "a-b"`.
 * Only what a template says literally is found: `{{ with .Values.x }}{{ .y }}` changes the dot,
 * and `.y` is not followed back to `.Values.x`.
 */
export interface ValuesUse {
  /** The keys read, outermost first. */
  readonly path: readonly string[];
  /** Offsets of the whole expression in the template text. */
  readonly span: readonly [number, number];
  /** Offsets of each key of the path (for `index`, each quoted key). */
  readonly segments: readonly (readonly [number, number])[];
  /** `index .Values "a" "b"`: one value named by the whole call. */
  readonly indexed: boolean;
}

/** The `.Values` path under the cursor, up to the key the cursor is on, and its range. */
export interface ValuesPathHit {
  readonly path: string[];
  readonly range: Range;
  readonly span: readonly [number, number];
}

/** Templates longer than this are not scanned: no real template comes near it. */
const MAX_TEMPLATE_CHARS = 2_000_000;

const IDENTIFIER = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
/** `.Values` or `$.Values`, then `.key` segments; what precedes it is checked separately. */
const DOTTED = new RegExp(String.raw`(\$?)\.Values((?:\.${IDENTIFIER})*)`, 'g');
const INDEX = new RegExp(String.raw`\bindex\s+\$?\.Values((?:\.${IDENTIFIER})*)((?:\s+"(?:[^"\\\n]|\\.)*")+)`, 'g');
const QUOTED = /"((?:[^"\\\n]|\\.)*)"/g;
const SEGMENT = new RegExp(String.raw`\.(${IDENTIFIER})`, 'g');

/** The `{{ … }}` actions of a template, as offsets of their insides; an unclosed last action runs to the end. */
export function templateActions(text: string): [number, number][] {
  const actions: [number, number][] = [];
  if (text.length > MAX_TEMPLATE_CHARS) return actions;
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open === -1) return actions;
    const start = open + 2;
    const close = actionEnd(text, start);
    actions.push([start, close === -1 ? text.length : close]);
    if (close === -1) return actions;
    at = close + 2;
  }
}

/** The `}}` closing an action, skipping strings (which may hold braces) and comments. */
function actionEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '}' && text[i + 1] === '}') return i;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end === -1) return -1;
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) return -1;
      i = end + 1;
    }
  }
  return -1;
}

/** Every `.Values` read in a template. */
export function valuesUses(text: string): ValuesUse[] {
  const uses: ValuesUse[] = [];
  for (const [start, end] of templateActions(text)) uses.push(...usesInAction(text, start, end));
  return uses;
}

function usesInAction(text: string, start: number, end: number): ValuesUse[] {
  const action = text.slice(start, end);
  const uses: ValuesUse[] = [];
  const covered: [number, number][] = [];
  for (const match of action.matchAll(INDEX)) {
    const at = start + match.index;
    const dotted = match[1] ?? '';
    const quotedText = match[2] ?? '';
    const dottedStart = at + match[0].length - quotedText.length - dotted.length;
    const segments = dottedSegments(dotted, dottedStart);
    const path = segments.map(([s, e]) => text.slice(s + 1, e));
    const quotedStart = at + match[0].length - quotedText.length;
    const keys: (readonly [number, number])[] = [];
    for (const quoted of quotedText.matchAll(QUOTED)) {
      let key: unknown;
      try {
        key = JSON.parse(quoted[0]);
      } catch {
        break;
      }
      if (typeof key !== 'string') break;
      path.push(key);
      keys.push([quotedStart + quoted.index, quotedStart + quoted.index + quoted[0].length]);
    }
    const span: [number, number] = [at, at + match[0].length];
    uses.push({ path, span, segments: [...segments, ...keys], indexed: true });
    covered.push(span);
  }
  for (const match of action.matchAll(DOTTED)) {
    const at = start + match.index;
    const before = text[at - 1] ?? ' ';
    // `$.Values` needs a lone `$` (not `$var.Values`); `.Values` must not follow a name or call (`.Chart.Values`, `(f).Values`).
    if (/[A-Za-z0-9_$.)\]]/.test(before)) continue;
    if (covered.some(([s, e]) => at >= s && at < e)) continue;
    const dotted = match[2] ?? '';
    const segmentsStart = at + match[0].length - dotted.length;
    const segments = dottedSegments(dotted, segmentsStart);
    uses.push({ path: segments.map(([s, e]) => text.slice(s + 1, e)), span: [at, at + match[0].length], segments, indexed: false });
  }
  return uses.sort((a, b) => a.span[0] - b.span[0]);
}

/** Offsets of each `.key` of a dotted path (the dot included) starting at `offset`. */
function dottedSegments(dotted: string, offset: number): [number, number][] {
  return [...dotted.matchAll(SEGMENT)].map((m) => [offset + m.index, offset + m.index + m[0].length]);
}

/** The `.Values` path under the cursor, cut at the key the cursor is on; undefined on `.Values` itself or elsewhere. */
export function valuesPathAt(templateText: string, offset: number): ValuesPathHit | undefined {
  const action = templateActions(templateText).find(([start, end]) => offset >= start && offset <= end);
  if (!action) return undefined;
  for (const use of usesInAction(templateText, action[0], action[1])) {
    if (offset < use.span[0] || offset > use.span[1]) continue;
    // `index .Values "a" "b"` names one value: any place in it stands for the whole path.
    const upTo = use.indexed ? use.path.length : use.segments.findIndex(([s, e]) => offset >= s && offset <= e) + 1;
    if (upTo === 0) return undefined;
    const end = use.segments[upTo - 1]?.[1] ?? use.span[1];
    const span: [number, number] = [use.span[0], end];
    return { path: use.path.slice(0, upTo), span, range: { start: positionAt(templateText, span[0]), end: positionAt(templateText, span[1]) } };
  }
  return undefined;
}

/** Where completion of `.Values.` keys applies: the keys above the cursor and the part of a key typed so far. */
export interface ValuesCompletionSite {
  readonly parentPath: string[];
  readonly typed: string;
  readonly replace: readonly [number, number];
}

const COMPLETION_SITE = new RegExp(String.raw`(?:^|[^A-Za-z0-9_$.)\]])\$?\.Values((?:\.${IDENTIFIER})*)\.(${IDENTIFIER})?$`);

export function valuesCompletionAt(templateText: string, offset: number): ValuesCompletionSite | undefined {
  const action = templateActions(templateText).find(([start, end]) => offset >= start && offset <= end);
  if (!action) return undefined;
  // Only the action's text up to the cursor, and a bounded stretch of it: a key path is short.
  const from = Math.max(action[0], offset - 2000);
  const match = COMPLETION_SITE.exec(templateText.slice(from, offset));
  if (!match) return undefined;
  const typed = match[2] ?? '';
  const parentPath = [...(match[1] ?? '').matchAll(SEGMENT)].map((m) => m[1] ?? '');
  return { parentPath, typed, replace: [offset - typed.length, offset] };
}

/** An LSP position from an offset (lines split on \n, as LSP documents count them). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** The offset of an LSP position, clamped to the text. */
export function offsetAt(text: string, position: { line: number; character: number }): number {
  let lineStart = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', lineStart);
    if (next === -1) return text.length;
    lineStart = next + 1;
  }
  const lineEnd = text.indexOf('\n', lineStart);
  return Math.min(lineStart + Math.max(0, position.character), lineEnd === -1 ? text.length : lineEnd);
}
