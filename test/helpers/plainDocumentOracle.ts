// Holds the fast plain-document reader to the full parser: where the reader answers, the full
// parse must have no errors, warnings or repeated keys, the same data, and the same offsets.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar } from 'yaml';
import { keyText, MAX_ALIAS_COUNT, parseChunk } from '../../platform/yaml/parseChunk';
import { readPlainDocument } from '../../platform/yaml/plainDocument';

export type OracleVerdict = { readonly kind: 'declined' } | { readonly kind: 'agreed' } | { readonly kind: 'disagreed'; readonly why: string };

export function compareWithFullParse(text: string): OracleVerdict {
  const plain = readPlainDocument(text);
  if (!plain) return { kind: 'declined' };
  const parsed = parseChunk({ text, startOffset: 0, startLine: 0, lineCount: text.split('\n').length - 1 });
  const { doc } = parsed;
  const disagreed = (why: string): OracleVerdict => ({ kind: 'disagreed', why });
  if (doc.errors.length > 0) return disagreed(`the full parse has errors: ${doc.errors.map((e) => e.message.split('\n')[0]).join('; ')}`);
  if (doc.warnings.length > 0) return disagreed(`the full parse has warnings: ${doc.warnings.map((e) => e.message.split('\n')[0]).join('; ')}`);
  if (parsed.duplicateKeys.length > 0) return disagreed(`the full parse finds repeated keys: ${parsed.duplicateKeys.map((d) => d.key).join(', ')}`);
  const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  if (!isDeepStrictEqual(plain.value, value)) return disagreed(`data differs:\n  reader ${JSON.stringify(plain.value)}\n  parser ${JSON.stringify(value)}`);
  const range = doc.contents?.range;
  if (!range || range[0] !== plain.start || range[2] !== plain.end) return disagreed(`extent differs: reader [${plain.start}, ${plain.end}], parser ${JSON.stringify(range)}`);
  const name = nameSpan(doc.contents);
  if (!isDeepStrictEqual(name, plain.nameSpan)) return disagreed(`name span differs: reader ${JSON.stringify(plain.nameSpan)}, parser ${JSON.stringify(name)}`);
  return { kind: 'agreed' };
}

/** The span analyzeChunk gives the document symbol's name: metadata.name's scalar, else kind's. */
function nameSpan(contents: unknown): readonly [number, number] | undefined {
  if (!isMap(contents)) return undefined;
  const find = (map: unknown, key: string): unknown => (isMap(map) ? map.items.find((p) => isPair(p) && keyText(p.key) === key)?.value : undefined);
  const name = find(find(contents, 'metadata'), 'name') ?? find(contents, 'kind');
  return isScalar(name) && name.range ? [name.range[0], name.range[1]] : undefined;
}
