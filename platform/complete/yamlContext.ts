/**
 * Where the cursor is in a YAML document, read from the text's indentation rather than the
 * AST, because completion runs while the line being typed is still incomplete YAML.
 */
export type PathSegment = string | number;

export type CursorContext =
  | { readonly kind: 'key'; readonly path: PathSegment[]; readonly prefix: string; readonly existingKeys: Set<string> }
  | { readonly kind: 'value'; readonly path: PathSegment[]; readonly prefix: string }
  | { readonly kind: 'none' };

interface LineShape {
  readonly blank: boolean;
  /** Column of the first `- ` sequence marker, or of the content when there is none. */
  readonly lead: number;
  readonly hasDash: boolean;
  /** Column where the mapping content (the key) starts. */
  readonly contentIndent: number;
  readonly key: string | undefined;
  /** Whether the key's value is on the following lines (`key:` with nothing after it). */
  readonly opensBlock: boolean;
}

const LINE = /^( *)((?:- +)*)(.*)$/s;
const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?)\s*:(?:\s+(.*)|$)/;

function shapeOf(text: string): LineShape {
  const match = LINE.exec(text)!;
  const lead = match[1]!.length;
  const dashes = match[2]!;
  const rest = match[3]!;
  const trimmed = rest.trim();
  const blank = trimmed === '' || trimmed.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(text);
  const keyMatch = KEY.exec(rest);
  const key = keyMatch ? unquote(keyMatch[1]!.trim()) : undefined;
  const after = keyMatch?.[2]?.trim() ?? '';
  return {
    blank: blank && dashes === '',
    lead,
    hasDash: dashes !== '',
    contentIndent: lead + dashes.length,
    key,
    opensBlock: key !== undefined && (after === '' || after.startsWith('#') || /^[|>]/.test(after)),
  };
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

export function cursorContext(lines: readonly string[], line: number, character: number): CursorContext {
  const current = lines[line] ?? '';
  const before = current.slice(0, character);
  const shapes = new Map<number, LineShape>();
  const shape = (i: number): LineShape => {
    let s = shapes.get(i);
    if (!s) shapes.set(i, (s = shapeOf(lines[i] ?? '')));
    return s;
  };

  const keyTyping = /^( *)((?:- +)*)([\w.\-/]*)$/.exec(before);
  if (keyTyping) {
    const indent = keyTyping[1]!.length + keyTyping[2]!.length;
    const path = keyTyping[2] ? sequenceParent(shape, line, keyTyping[1]!.length) : mappingPath(shape, line, indent);
    if (!path) return { kind: 'none' };
    const fullPath = keyTyping[2] ? [...path, 0] : path;
    return { kind: 'key', path: fullPath, prefix: keyTyping[3]!, existingKeys: siblingKeys(shape, lines.length, line, indent, keyTyping[2] !== '') };
  }
  const valueTyping = /^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?)\s*:\s+([^#]*)$/.exec(before);
  if (valueTyping) {
    const indent = valueTyping[1]!.length + valueTyping[2]!.length;
    const owner = valueTyping[2] ? withIndex(sequenceParent(shape, line, valueTyping[1]!.length)) : mappingPath(shape, line, indent);
    if (!owner) return { kind: 'none' };
    return { kind: 'value', path: [...owner, unquote(valueTyping[3]!.trim())], prefix: valueTyping[4]!.replace(/^["']/, '') };
  }
  return { kind: 'none' };
}

function withIndex(path: PathSegment[] | undefined): PathSegment[] | undefined {
  return path ? [...path, 0] : undefined;
}

/** The path of the mapping whose keys start at column `indent`, for a key on line `line`. */
function mappingPath(shape: (i: number) => LineShape, line: number, indent: number): PathSegment[] | undefined {
  if (indent === 0) return [];
  for (let i = line - 1; i >= 0; i--) {
    const s = shape(i);
    if (s.blank) continue;
    if (s.hasDash && s.contentIndent === indent) return withIndex(sequenceParent(shape, i, s.lead));
    if (s.contentIndent >= indent) continue;
    if (!s.key || !s.opensBlock) return undefined;
    const owner = ownerPath(shape, i);
    return owner ? [...owner, s.key] : undefined;
  }
  return undefined;
}

/** The path of the mapping a line's own key belongs to. */
function ownerPath(shape: (i: number) => LineShape, line: number): PathSegment[] | undefined {
  const s = shape(line);
  return s.hasDash ? withIndex(sequenceParent(shape, line, s.lead)) : mappingPath(shape, line, s.contentIndent);
}

/** The path of the list whose `- ` markers sit at column `dashColumn`. */
function sequenceParent(shape: (i: number) => LineShape, line: number, dashColumn: number): PathSegment[] | undefined {
  for (let i = line - 1; i >= 0; i--) {
    const s = shape(i);
    if (s.blank) continue;
    if (s.contentIndent > dashColumn || (s.hasDash && s.lead === dashColumn)) continue;
    // A list may sit at its key's column (`ports:` then `- name: web` below it).
    if (s.key && s.opensBlock && s.contentIndent <= dashColumn) {
      const owner = ownerPath(shape, i);
      return owner ? [...owner, s.key] : undefined;
    }
    return undefined;
  }
  return undefined;
}

/** Keys already present beside the cursor in the same mapping, so completion does not offer them again. */
function siblingKeys(shape: (i: number) => LineShape, lineCount: number, line: number, indent: number, startsItem: boolean): Set<string> {
  const keys = new Set<string>();
  if (!startsItem) {
    for (let i = line - 1; i >= 0; i--) {
      const s = shape(i);
      if (s.blank) continue;
      if (s.contentIndent < indent) break;
      if (s.contentIndent === indent && s.key) keys.add(s.key);
      if (s.hasDash && s.contentIndent === indent) break;
    }
  }
  for (let i = line + 1; i < lineCount; i++) {
    const s = shape(i);
    if (s.blank) continue;
    if (s.contentIndent < indent || (s.hasDash && s.contentIndent <= indent)) break;
    if (s.contentIndent === indent && s.key) keys.add(s.key);
  }
  return keys;
}
