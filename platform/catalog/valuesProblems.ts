import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { valuesIssues } from '../charts/valuesSchema';
import { MAX_ALIAS_COUNT, parseChunk, type ParsedChunk } from '../yaml/parseChunk';
import { splitDocuments } from '../yaml/splitDocuments';

/** At most this many problems are listed: the first few say what is wrong. */
const MAX_PROBLEMS = 10;

/**
 * What is wrong with a values file by a chart's values.schema.json, as `helm install` checks it:
 * on the chart's default values (`defaultsText`, its values.yaml) overridden by the file, one line
 * per problem with its 1-based line in the file; empty when the values fit. Broken YAML is a
 * problem too, since helm refuses it before the schema.
 */
export function valuesProblems(valuesText: string, schemaText: string | undefined, defaultsText?: string): string[] {
  const chunks = splitDocuments(valuesText);
  // helm reads the first document of a values file.
  const first = chunks.find((c) => c.text.replace(/^---.*$/m, '').trim() !== '') ?? chunks[0] ?? { text: '', startOffset: 0, startLine: 0, lineCount: 0 };
  const parsed = parseChunk(first);
  if (parsed.doc.errors.length > 0) {
    const error = parsed.doc.errors[0]!;
    const line = parsed.lineCounter.linePos(error.pos[0]).line;
    return [`line ${first.startLine + line}: not valid YAML: ${error.message.split('\n')[0]}`];
  }
  if (defaultsText !== undefined) withDefaults(parsed, defaultsText);
  return valuesIssues(parsed, schemaText)
    .filter((d) => d.severity === 'error')
    .slice(0, MAX_PROBLEMS)
    .map((d) => `line ${first.startLine + d.range.start.line + 1}: ${d.message}`);
}

/**
 * Adds to the file's document the defaults it does not override, as helm coalesces them: maps
 * merge key by key, any other value replaces the default, and null removes it. The file's own
 * nodes keep their positions, so a problem is still reported on the line the user wrote.
 */
function withDefaults(parsed: ParsedChunk, defaultsText: string): void {
  const defaults = parseDocument(defaultsText, { logLevel: 'silent', uniqueKeys: false });
  if (defaults.errors.length > 0) return;
  let values: unknown;
  try {
    values = defaults.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return;
  }
  const doc = parsed.doc;
  // An empty file overrides nothing: an empty map (with no position) for the defaults to go in.
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  if (isMap(doc.contents)) merge(doc, values, []);
}

function merge(doc: Document.Parsed, defaults: unknown, path: string[]): void {
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) return;
  for (const [key, value] of Object.entries(defaults)) {
    const at = [...path, key];
    if (!doc.hasIn(at)) {
      doc.setIn(at, doc.createNode(value));
      continue;
    }
    const node = doc.getIn(at, true);
    if (isScalar(node) && node.value === null) doc.deleteIn(at);
    else if (isMap(node)) merge(doc, value, at);
  }
}
