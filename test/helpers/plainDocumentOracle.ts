// Holds the fast plain-document reader to the full parser: where the reader answers, the full
// parse must have no errors, warnings or repeated keys, the same data, and the same offsets; an
// issue it places lands where the AST places it.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar } from 'yaml';
import type { Issue } from '../../platform/validate/issue';
import { issueRange } from '../../platform/validate/issueRanges';
import { plainIssueRanges } from '../../platform/validate/plainIssueRanges';
import { keyText, MAX_ALIAS_COUNT, parseChunk, type PathSegment } from '../../platform/yaml/parseChunk';
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

export interface PlacementVerdict {
  /** Issues the reader's spans placed, each where the AST places it. */
  readonly placed: number;
  /** Issues the reader left to the full parse. */
  readonly declined: number;
  readonly disagreements: readonly string[];
}

/**
 * Holds the reader's placement of issues to issueRange on the AST: an issue on every node of
 * the document, on its key and its value, and one under each node on a child it does not have.
 */
export function comparePlacement(text: string): PlacementVerdict {
  const parsed = parseChunk({ text, startOffset: 0, startLine: 0, lineCount: text.split('\n').length - 1 });
  const issues: Issue[] = [];
  const visit = (value: unknown, path: PathSegment[]): void => {
    for (const on of ['key', 'value'] as const) issues.push({ path, on, severity: 'error', code: 'probe', message: 'probe' });
    issues.push({ path: [...path, 'not-there'], on: 'key', severity: 'error', code: 'probe', message: 'probe' });
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
      issues.push({ path: [...path, value.length], on: 'value', severity: 'error', code: 'probe', message: 'probe' });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
    }
  };
  visit(parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), []);
  let placed = 0;
  let declined = 0;
  const disagreements: string[] = [];
  for (const issue of issues) {
    const plain = plainIssueRanges(text, [issue]);
    if (!plain) {
      declined++;
      continue;
    }
    placed++;
    const ast = issueRange(parsed.doc, parsed.lineCounter, issue);
    if (!isDeepStrictEqual(plain[0], ast)) disagreements.push(`${JSON.stringify(issue.path)} on ${issue.on}: reader ${JSON.stringify(plain[0])}, parser ${JSON.stringify(ast)}`);
  }
  return { placed, declined, disagreements };
}
