/**
 * Text edits that make a YAML mapping hold given values, leaving everything else of the text as
 * it is: a missing key is inserted (block or flow, as the mapping is written), a wrong scalar is
 * replaced, a list gains a missing item. Offsets are relative to the parsed text.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { LineCounter } from 'yaml';

/** A value to hold: a scalar, a mapping of further values, or a list that must include an item. */
export type Wanted = boolean | string | WantedMap | { readonly includes: string };
export interface WantedMap {
  readonly [key: string]: Wanted;
}

export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface EditContext {
  readonly text: string;
  readonly lineCounter: LineCounter;
  /** The file's line break, kept in inserted text. */
  readonly eol: string;
}

function isIncludes(wanted: Wanted): wanted is { readonly includes: string } {
  return typeof wanted === 'object' && typeof (wanted as { includes?: unknown }).includes === 'string' && Object.keys(wanted).length === 1;
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null && (node.range?.[0] ?? 0) === (node.range?.[1] ?? 0));
}

function scalarText(value: boolean | string): string {
  return typeof value === 'boolean' ? String(value) : /^[A-Za-z][A-Za-z0-9_]*$/.test(value) ? value : JSON.stringify(value);
}

function column(context: EditContext, offset: number): number {
  return context.lineCounter.linePos(offset).col - 1;
}

/** Block lines for wanted values at an indentation. */
function blockLines(wanted: WantedMap, indent: number): string[] {
  const pad = ' '.repeat(indent);
  return Object.entries(wanted).flatMap(([key, value]) => {
    if (typeof value !== 'object') return [`${pad}${key}: ${scalarText(value)}`];
    if (isIncludes(value)) return [`${pad}${key}:`, `${pad}  - ${scalarText(value.includes)}`];
    return [`${pad}${key}:`, ...blockLines(value, indent + 2)];
  });
}

function flowText(wanted: WantedMap): string {
  return Object.entries(wanted)
    .map(([key, value]) => `${key}: ${typeof value !== 'object' ? scalarText(value) : isIncludes(value) ? `[${scalarText(value.includes)}]` : `{${flowText(value)}}`}`)
    .join(', ');
}

/** Where lines go after a node: the start of the next line, or the end of its own line. */
function afterLine(context: EditContext, end: number): { at: number; lead: string; trail: string } {
  if (end > 0 && context.text[end - 1] === '\n') return { at: end, lead: '', trail: context.eol };
  const lineEnd = context.text.indexOf('\n', end);
  const at = lineEnd === -1 ? context.text.length : lineEnd > 0 && context.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return { at, lead: context.eol, trail: '' };
}

function closingBefore(context: EditContext, node: Node, bracket: string): number | undefined {
  const end = node.range?.[1];
  if (end === undefined) return undefined;
  // The range ends after the bracket: the search starts at the last character inside it.
  const at = context.text.lastIndexOf(bracket, end - 1);
  return at >= (node.range?.[0] ?? 0) ? at : undefined;
}

/** Edits that make `map` hold `wanted`; deeper edits come first, so inserts at one offset land in order. */
export function ensureMap(context: EditContext, map: YAMLMap, wanted: WantedMap): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  const missing: Record<string, Wanted> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const pair = (map.items as Pair[]).find((p) => keyOf(p) === key);
    if (!pair) {
      missing[key] = value;
      continue;
    }
    const node = pair.value as Node | null;
    if (isEmpty(node)) {
      edits.push(...fillEmpty(context, pair, value));
    } else if (typeof value !== 'object') {
      if (isScalar(node) && node.value !== value && node.range) edits.push({ start: node.range[0], end: node.range[1], text: scalarText(value) });
    } else if (isIncludes(value)) {
      if (isSeq(node)) edits.push(...ensureItem(context, node, value.includes));
    } else if (isMap(node)) {
      edits.push(...ensureMap(context, node, value));
    }
  }
  if (Object.keys(missing).length > 0) {
    const insert = insertInto(context, map, missing);
    if (insert) edits.push(insert);
  }
  return edits;
}

function insertInto(context: EditContext, map: YAMLMap, missing: WantedMap): OffsetEdit | undefined {
  if (map.flow) {
    const at = closingBefore(context, map, '}');
    return at === undefined ? undefined : { start: at, end: at, text: `${map.items.length > 0 ? ', ' : ''}${flowText(missing)}` };
  }
  const pairs = map.items as Pair[];
  const first = pairs[0]?.key as Node | undefined;
  const last = pairs[pairs.length - 1];
  if (!first?.range || !last) return undefined;
  const lastNode = (isEmpty(last.value) ? last.key : last.value) as Node | null;
  const end = lastNode?.range?.[1];
  if (end === undefined) return undefined;
  const { at, lead, trail } = afterLine(context, end);
  return { start: at, end: at, text: lead + blockLines(missing, column(context, first.range[0])).join(context.eol) + trail };
}

/** A key written with nothing after it (`securityContext:`) gets its value. */
function fillEmpty(context: EditContext, pair: Pair, value: Wanted): OffsetEdit[] {
  const key = pair.key as Node | null;
  const keyEnd = key?.range?.[1];
  if (keyEnd === undefined || !key?.range) return [];
  const colon = context.text.indexOf(':', keyEnd);
  if (colon === -1) return [];
  const at = colon + 1;
  if (typeof value !== 'object') return [{ start: at, end: at, text: ` ${scalarText(value)}` }];
  const indent = column(context, key.range[0]) + 2;
  const lines = isIncludes(value) ? [`${' '.repeat(indent)}- ${scalarText(value.includes)}`] : blockLines(value, indent);
  return [{ start: at, end: at, text: context.eol + lines.join(context.eol) }];
}

function ensureItem(context: EditContext, seq: YAMLSeq, item: string): OffsetEdit[] {
  if (seq.items.some((i) => isScalar(i) && i.value === item)) return [];
  if (seq.flow) {
    const at = closingBefore(context, seq, ']');
    return at === undefined ? [] : [{ start: at, end: at, text: `${seq.items.length > 0 ? ', ' : ''}${scalarText(item)}` }];
  }
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  const start = seq.range?.[0];
  const end = last?.range?.[1];
  if (start === undefined || end === undefined) return [];
  const { at, lead, trail } = afterLine(context, end);
  return [{ start: at, end: at, text: `${lead}${' '.repeat(column(context, start))}- ${scalarText(item)}${trail}` }];
}
