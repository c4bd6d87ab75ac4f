import type { Location } from 'vscode-languageserver-types';
import { isScalar, type Document, type LineCounter } from 'yaml';
import { chunkRange, locate, type PathSegment } from '../yaml/parseChunk';
import { templateLines, valuesReferences, type TemplateLine } from './templateLines';

/** A values file of a chart render, parsed; later ones override earlier ones, as helm merges them. */
export interface ValuesSource {
  readonly uri: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The line of the file the parsed document starts at. */
  readonly startLine: number;
}

/** Where a value of a rendered Helm document came from. */
export interface SourceLocation {
  readonly location: Location;
  readonly related: readonly { readonly location: Location; readonly message: string }[];
}

/** Templates' lines by text: read once per version of a template, however many issues it has. */
const templateCache = new Map<string, TemplateLine[]>();
const TEMPLATE_CACHE_SIZE = 256;

/**
 * Maps a path of a rendered document to the template line that wrote it, or, when that line
 * writes exactly one `.Values` key, to the values line that set it (the template line then
 * comes along as related information, and the other way round).
 *
 * `templateText` is the template file's text; `kind` is the rendered document's kind, to pick
 * the template document that wrote it when the file holds several.
 */
export function helmSourceLocation(templateUri: string, templateText: string, kind: string | undefined, path: readonly PathSegment[], values: readonly ValuesSource[]): SourceLocation {
  const lines = linesOf(templateText);
  const wanted = path.map((s) => (typeof s === 'number' ? '*' : s));
  const documents = new Set(lines.map((l) => l.document));
  let candidates = lines;
  if (documents.size > 1 && kind !== undefined) {
    const ofKind = lines.find((l) => l.path.length === 1 && l.path[0] === 'kind' && l.value.trim().replace(/^["']|["']$/g, '') === kind);
    if (ofKind) candidates = lines.filter((l) => l.document === ofKind.document);
  }
  let best: TemplateLine | undefined;
  let depth = 0;
  for (const line of candidates) {
    const shared = commonPrefix(line.path, wanted);
    if (shared === line.path.length && shared > depth) {
      best = line;
      depth = shared;
      if (depth === wanted.length) break;
    }
  }
  if (!best) return { location: { uri: templateUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, related: [] };
  const templateLocation: Location = { uri: templateUri, range: { start: { line: best.line, character: best.start }, end: { line: best.line, character: best.end } } };
  const fromValues = valuesPathFor(best, candidates, wanted.slice(depth), templateText);
  const set = fromValues && valuesLocation(fromValues, values);
  if (!set) return { location: templateLocation, related: [] };
  const templateLine = `${templateUri.slice(templateUri.lastIndexOf('/') + 1)} line ${best.line + 1}`;
  // The values file is what to change when the template only passes the value through.
  return depth === wanted.length || fromValues.viaToYaml
    ? { location: set, related: [{ location: templateLocation, message: `rendered by ${templateLine}` }] }
    : { location: templateLocation, related: [{ location: set, message: `.Values.${fromValues.path.join('.')} is set here` }] };
}

function linesOf(text: string): TemplateLine[] {
  let lines = templateCache.get(text);
  if (!lines) {
    if (templateCache.size >= TEMPLATE_CACHE_SIZE) templateCache.clear();
    templateCache.set(text, (lines = templateLines(text)));
  }
  return lines;
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The values path a template line passes into the rendered key: the one `.Values` reference on
 * the line, or (for `key:` followed by `{{- toYaml .Values.x | nindent N }}`) the reference on
 * the next line, extended by the rest of the rendered path.
 */
function valuesPathFor(line: TemplateLine, lines: readonly TemplateLine[], rest: readonly string[], text: string): { path: string[]; viaToYaml: boolean } | undefined {
  const direct = valuesReferences(line.value);
  if (direct.length === 1 && rest.length === 0) return { path: direct[0]!, viaToYaml: false };
  if (line.value.trim() !== '' || rest.includes('*')) return undefined;
  const next = text.split('\n', line.line + 3).slice(line.line + 1).find((l) => l.trim() !== '');
  if (!next || !/toYaml/.test(next)) return undefined;
  const refs = valuesReferences(next);
  return refs.length === 1 ? { path: [...refs[0]!, ...rest], viaToYaml: true } : undefined;
}

/** The key in the last values file that sets the path (helm's precedence), if any does. */
function valuesLocation(valuesPath: { path: string[] }, values: readonly ValuesSource[]): Location | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const source = values[i]!;
    const found = locate(source.doc, valuesPath.path);
    if (found.depth !== valuesPath.path.length) continue;
    // A scalar is the value to change; a map or list set as a whole is pointed at by its key.
    const node = found.node?.range && isScalar(found.node) ? found.node : (found.pair?.key ?? found.node);
    const range = node?.range;
    if (!range) continue;
    const chunk = chunkRange(source.lineCounter, range[0], range[1]);
    const end = chunk.end.line === chunk.start.line ? chunk.end : { line: chunk.start.line, character: chunk.start.character + 1 };
    return { uri: source.uri, range: { start: { line: chunk.start.line + source.startLine, character: chunk.start.character }, end: { line: end.line + source.startLine, character: end.character } } };
  }
  return undefined;
}
