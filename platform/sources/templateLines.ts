/**
 * The data path each line of a Helm template writes, read from the template's indentation as
 * YAML would read the rendered text. Template actions (`{{ … }}`) are not YAML: a line that is
 * only an action adds no key, and an action in a value is just the value. Sequence items are `*`
 * (a template writes one item that a `range` may repeat).
 */
export interface TemplateLine {
  readonly line: number;
  /** Which document of the template file (they are separated by `---`). */
  readonly document: number;
  /** Keys and `*` for sequence items, from the document's root. */
  readonly path: readonly string[];
  /** The columns of the key (or of the item's dash) on the line. */
  readonly start: number;
  readonly end: number;
  /** The text after `key:` (or after `- `), untrimmed. */
  readonly value: string;
}

interface Open {
  readonly column: number;
  readonly segment: string;
}

const ACTION_ONLY = /^\s*\{\{.*\}\}\s*$/;
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{\-?:,[\]][^:#]*?|-[^\s:#][^:#]*?)\s*:(?:\s|$)/;

/** Every key and item line of a template, in line order; documents restart the path at `---`. */
export function templateLines(text: string): TemplateLine[] {
  const out: TemplateLine[] = [];
  let open: Open[] = [];
  let blockScalarColumn = -1;
  let document = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!.replace(/\r$/, '');
    if (/^---(\s|$)/.test(raw)) {
      open = [];
      blockScalarColumn = -1;
      if (out.length > 0 && out[out.length - 1]!.document === document) document++;
      continue;
    }
    const trimmed = raw.trimStart();
    let column = raw.length - trimmed.length;
    if (trimmed === '' || trimmed.startsWith('#') || ACTION_ONLY.test(raw)) continue;
    // Lines of a block scalar (`key: |`) are text, not keys.
    if (blockScalarColumn >= 0) {
      if (column > blockScalarColumn) continue;
      blockScalarColumn = -1;
    }
    let rest = trimmed;
    while (rest.startsWith('- ') || rest === '-') {
      open = open.filter((o) => o.column < column || (o.column === column && o.segment !== '*'));
      open.push({ column, segment: '*' });
      const after = rest.slice(1);
      const spaces = after.length - after.trimStart().length;
      const item = after.trimStart();
      if (item === '' || !KEY.test(item)) {
        out.push({ document, line: n, path: open.map((o) => o.segment), start: column, end: column + 1, value: item });
        rest = '';
        break;
      }
      column += 1 + spaces;
      rest = item;
    }
    if (rest === '') continue;
    const key = KEY.exec(rest);
    if (!key) continue;
    open = open.filter((o) => o.column < column);
    const name = unquote(key[1]!.trim());
    const value = rest.slice(key[0].length);
    const path = [...open.map((o) => o.segment), name];
    out.push({ document, line: n, path, start: column, end: column + key[1]!.trim().length, value });
    open.push({ column, segment: name });
    if (/^\s*[|>][-+0-9]*\s*(#.*)?$/.test(value)) blockScalarColumn = column;
  }
  return out;
}

function unquote(key: string): string {
  if (key.startsWith('"') && key.endsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'") && key.endsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

/** `.Values.a.b` references in a piece of template text (also `$.Values.a`). */
export function valuesReferences(text: string): string[][] {
  const out: string[][] = [];
  for (const match of text.matchAll(/(?:^|[\s($|])\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) out.push(match[1]!.slice(1).split('.'));
  return out;
}
