import { isMap, isPair, isScalar, type Document, type LineCounter, type YAMLError } from 'yaml';
import type { ValidationSettings } from '../settings';
import { apiserverIssues } from '../apiserver';
import { applicationRules } from '../rules/applicationRules';
import { clusterRules } from '../rules/clusterRules';
import { nodePoolRules } from '../rules/nodePoolRules';
import { asObject, asString, type Obj } from '../rules/values';
import type { SchemaRegistry } from '../schema/schemaRegistry';
import type { DuplicateKey } from '../yaml/duplicateKeys';
import { chunkRange, keyText, MAX_ALIAS_COUNT, parseChunk, type ChunkRange, type ParsedChunk } from '../yaml/parseChunk';
import { LineCursor } from '../yaml/lineCursor';
import { readPlainDocument } from '../yaml/plainDocument';
import type { YamlChunk } from '../yaml/splitDocuments';
import { closestMatches } from './closestMatches';
import { deprecatedVersionIssue, missingSchemaIssue } from '../schema/crd/customResourceIssues';
import { crdDefaulted } from '../schema/crd/crdDefaults';
import { decodedValue } from './decodedValue';
import { documentCheckIssues } from '../policy/checks/documentChecks';
import { describeValue } from './describeValue';
import type { Issue, IssueData, IssueSeverity, RelatedLocation } from './issue';
import { issueRange } from './issueRanges';
import { plainIssueRanges } from './plainIssueRanges';
import { kubernetesNameIssues } from './kubernetesNames';
import { inItem, itemIdentity, listItemKind } from './listItems';
import { schemaIssues } from './schemaIssues';
import type { SchemaValidator } from './schemaValidator';

export interface ManifestIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
}

/** A diagnostic whose lines count from the start of its chunk. */
export interface ChunkDiagnostic {
  readonly range: ChunkRange;
  readonly severity: IssueSeverity;
  readonly code: string;
  readonly message: string;
  readonly data?: IssueData;
  readonly related?: readonly RelatedLocation[];
  /** Related places in the same document, in chunk coordinates (the chunk knows neither its file nor its line). */
  readonly relatedInDocument?: readonly { readonly range: ChunkRange; readonly message: string }[];
}

/** What a document is, for deciding whether it deserves diagnostics at all. */
export type DocumentShape = 'empty' | 'manifest' | 'mapping' | 'list' | 'scalar' | 'broken';

export interface ChunkAnalysis {
  readonly shape: DocumentShape;
  readonly manifest: ManifestIdentity | undefined;
  /** The document's data, kept for cross-document checks; undefined unless it is a manifest. */
  readonly value: Obj | undefined;
  /** The Kubernetes version the document was validated against. */
  readonly kubernetesVersion: string;
  readonly diagnostics: readonly ChunkDiagnostic[];
  /** Where the document is and what names it: the document symbol. */
  readonly extent: ChunkRange;
  readonly nameRange: ChunkRange | undefined;
}

export interface AnalysisContext {
  readonly registry: SchemaRegistry;
  readonly validator: SchemaValidator;
  readonly settings: ValidationSettings;
  /** The Kubernetes version for a document, when something more specific than the setting applies. */
  readonly kubernetesVersionFor?: (value: Obj) => string | undefined;
  /** Hears of each parse, so hover can reuse it instead of parsing the document again. */
  readonly onParsed?: (parsed: ParsedChunk) => void;
}

const MAX_YAML_ERRORS = 20;

/** Parses and validates one YAML document on its own. Never throws: a failure is a diagnostic. */
export function analyzeChunk(chunk: YamlChunk, context: AnalysisContext): ChunkAnalysis {
  return analyzePlain(chunk, context) ?? analyzeChunkFully(chunk, context);
}

/** The analysis through the full parse, which places every diagnostic: what analyzeChunk falls back to. */
export function analyzeChunkFully(chunk: YamlChunk, context: AnalysisContext): ChunkAnalysis {
  let parsed: ParsedChunk;
  try {
    parsed = parseChunk(chunk);
    context.onParsed?.(parsed);
  } catch (error) {
    return failed(chunk, context, 'error', 'yaml-unparsable', `This document could not be parsed: ${messageOf(error)}`);
  }
  try {
    return analyzeParsed(parsed, context);
  } catch (error) {
    // Berth's own failure is no verdict on the document: the apiserver may well accept it.
    return failed(chunk, context, 'warning', 'internal-error', `Berth could not validate this document (${messageOf(error)}). Please report this.`);
  }
}

/**
 * Most documents are plain YAML: read without a full parse (platform/yaml/plainDocument.ts), such
 * a document is analysed for a fraction of the cost, its diagnostics placed from the reader's own
 * spans (platform/validate/plainIssueRanges.ts). Only an issue where the reader keeps no span
 * needs the AST, and a document the fast reader declines goes the whole way through the full parse.
 */
function analyzePlain(chunk: YamlChunk, context: AnalysisContext): ChunkAnalysis | undefined {
  try {
    const plain = readPlainDocument(chunk.text);
    if (!plain) return undefined;
    const object = plain.value;
    const found = mappingIssues(object, context);
    let diagnostics: ChunkDiagnostic[] = [];
    if (found !== 'not-a-manifest' && found.issues.length > 0) {
      // The issues are the full parse's (the data is the same); the reader's spans place most,
      // and the AST the rest.
      const ranges = plainIssueRanges(chunk.text, found.issues);
      if (ranges) diagnostics = found.issues.map((issue, i) => diagnosticAt(issue, ranges[i]!));
      else {
        const parsed = parseChunk(chunk);
        context.onParsed?.(parsed);
        diagnostics = found.issues.map((issue) => placedIssue(issue, parsed));
      }
    }
    // Ascending offsets, for the cursor: the extent's start, the name, the extent's end.
    const lines = new LineCursor(chunk.text);
    const start = lines.position(plain.start);
    const nameRange = plain.nameSpan && found !== 'not-a-manifest' ? { start: lines.position(plain.nameSpan[0]), end: lines.position(plain.nameSpan[1]) } : undefined;
    const extent = { start, end: lines.position(plain.end) };
    if (found === 'not-a-manifest') return { shape: 'mapping', manifest: undefined, value: undefined, kubernetesVersion: context.settings.kubernetesVersion, diagnostics: [], extent, nameRange: undefined };
    return { shape: 'manifest', manifest: found.manifest, value: object, kubernetesVersion: found.kubernetesVersion, diagnostics, extent, nameRange };
  } catch {
    // The full path analyses it again and reports what went wrong.
    return undefined;
  }
}

/** An issue as a diagnostic, placed on the narrowest node of its path in the parsed document. */
function placedIssue(issue: Issue, parsed: ParsedChunk): ChunkDiagnostic {
  return diagnosticAt(issue, issueRange(parsed.doc, parsed.lineCounter, issue));
}

function diagnosticAt(issue: Issue, range: ChunkRange): ChunkDiagnostic {
  return {
    range,
    severity: issue.severity,
    code: issue.code,
    message: issue.message,
    ...(issue.data ? { data: issue.data } : {}),
    ...(issue.related ? { related: issue.related } : {}),
  };
}

function analyzeParsed(parsed: ParsedChunk, context: AnalysisContext): ChunkAnalysis {
  const { doc, lineCounter, chunk } = parsed;
  // A badly broken document can yield thousands of follow-on errors; the first few say it all.
  const diagnostics: ChunkDiagnostic[] = [
    ...doc.errors.slice(0, MAX_YAML_ERRORS).map((e) => yamlDiagnostic(e, lineCounter, 'error')),
    ...doc.warnings.slice(0, MAX_YAML_ERRORS).map((e) => yamlDiagnostic(e, lineCounter, 'warning')),
    ...parsed.duplicateKeys.slice(0, MAX_YAML_ERRORS).map((d) => duplicateKeyDiagnostic(d, lineCounter)),
  ];
  const extent = documentExtent(doc, lineCounter, chunk);
  // A Helm or Go template is YAML only after rendering: its syntax errors are not the author's.
  if (doc.errors.length > 0 && chunk.text.includes('{{')) {
    return { shape: 'broken', manifest: undefined, value: undefined, kubernetesVersion: context.settings.kubernetesVersion, diagnostics: [], extent, nameRange: undefined };
  }
  const base = { manifest: undefined, value: undefined, kubernetesVersion: context.settings.kubernetesVersion, extent, nameRange: undefined };
  if (doc.contents === null) return { ...base, shape: doc.errors.length > 0 ? 'broken' : 'empty', diagnostics };
  // A document with syntax errors is not validated further, so its data is never built.
  if (doc.errors.length > 0) return { ...base, shape: 'broken', diagnostics };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const aliases = /alias/i.test(messageOf(error));
    diagnostics.push({
      range: chunkRange(lineCounter, doc.contents.range[0], doc.contents.range[1] > doc.contents.range[0] ? doc.contents.range[0] + 1 : doc.contents.range[0]),
      severity: 'error',
      code: aliases ? 'yaml-alias-limit' : 'yaml-invalid',
      message: aliases
        ? `This document expands too many aliases (more than ${MAX_ALIAS_COUNT}): it looks like an alias bomb and is not validated.`
        : `This document's data could not be read: ${messageOf(error)}`,
    });
    return { ...base, shape: 'broken', diagnostics };
  }
  const object = asObject(value);
  if (!object) return { ...base, shape: Array.isArray(value) ? 'list' : 'scalar', diagnostics };

  const found = mappingIssues(object, context);
  if (found === 'not-a-manifest') return { ...base, shape: 'mapping', diagnostics };
  for (const issue of found.issues) diagnostics.push(placedIssue(issue, parsed));
  return { shape: 'manifest', manifest: found.manifest, value: object, kubernetesVersion: found.kubernetesVersion, diagnostics, extent, nameRange: nameRange(doc, lineCounter) };
}

/**
 * What a document's top-level mapping says, however it was read: not a manifest, or its identity
 * (undefined when apiVersion or kind is missing), the Kubernetes version it is checked against,
 * and its issues.
 */
function mappingIssues(object: Obj, context: AnalysisContext): 'not-a-manifest' | { manifest: ManifestIdentity | undefined; kubernetesVersion: string; issues: Issue[] } {
  const identity = identify(object);
  if (identity === 'not-a-manifest') return identity;
  if ('missing' in identity) return { manifest: undefined, kubernetesVersion: context.settings.kubernetesVersion, issues: [missingIdentityIssue(identity, context)] };
  const kubernetesVersion = resolveVersion(object, context);
  return { manifest: identity, kubernetesVersion, issues: manifestIssues(object, identity, kubernetesVersion, context) };
}

type Identity = ManifestIdentity | { readonly missing: 'kind' | 'apiVersion'; readonly present: string } | 'not-a-manifest';

/** Recognised by content: `apiVersion` and `kind` make a manifest; one of them beside `metadata` is a broken one. */
function identify(object: Obj): Identity {
  const apiVersion = asString(object.apiVersion);
  const kind = asString(object.kind);
  const metadata = asObject(object.metadata);
  if (apiVersion !== undefined && kind !== undefined) {
    return { apiVersion, kind, name: asString(metadata?.name), namespace: asString(metadata?.namespace) };
  }
  const looksLikeManifest = metadata !== undefined || object.spec !== undefined;
  if (apiVersion !== undefined && kind === undefined && looksLikeManifest) return { missing: 'kind', present: apiVersion };
  if (kind !== undefined && apiVersion === undefined && looksLikeManifest) return { missing: 'apiVersion', present: kind };
  return 'not-a-manifest';
}

function missingIdentityIssue(identity: { missing: 'kind' | 'apiVersion'; present: string }, context: AnalysisContext): Issue {
  if (identity.missing === 'kind') {
    return {
      path: ['apiVersion'],
      on: 'key',
      severity: 'error',
      code: 'missing-kind',
      message: `This ${identity.present} document has no kind: add the kind of object it describes.`,
      data: { insertField: { name: 'kind', placeholder: '""' } },
    };
  }
  const candidates = context.registry.kinds(context.settings.kubernetesVersion).filter((k) => k.kind === identity.present);
  return {
    path: ['kind'],
    on: 'key',
    severity: 'error',
    code: 'missing-api-version',
    message:
      candidates.length > 0
        ? `This ${identity.present} has no apiVersion; ${identity.present} is served as ${candidates.map((c) => c.apiVersion).join(', ')}.`
        : `This ${identity.present} has no apiVersion.`,
    data: { insertField: { name: 'apiVersion', placeholder: candidates[0]?.apiVersion ?? '""' }, replacements: candidates.map((c) => c.apiVersion) },
  };
}

/** A repeated key is no error: kubectl keeps the last value, and the apiserver never sees the first. */
function duplicateKeyDiagnostic(duplicate: DuplicateKey, lineCounter: LineCounter): ChunkDiagnostic {
  const name = duplicate.key === undefined ? 'This key' : `Key "${duplicate.key}"`;
  return {
    range: chunkRange(lineCounter, duplicate.at[0], duplicate.at[1]),
    severity: 'warning',
    code: 'yaml-duplicate-key',
    message: `YAML: ${name} is repeated in this map: kubectl keeps this last value and drops the earlier one.`,
    relatedInDocument: [{ range: chunkRange(lineCounter, duplicate.first[0], duplicate.first[1]), message: 'the earlier occurrence, whose value is dropped' }],
  };
}

function resolveVersion(object: Obj, context: AnalysisContext): string {
  const versions = context.registry.kubernetesVersions();
  const specific = context.kubernetesVersionFor?.(object);
  for (const candidate of [specific, context.settings.kubernetesVersion]) {
    if (candidate !== undefined && versions.includes(candidate)) return candidate;
  }
  return versions[versions.length - 1] ?? context.settings.kubernetesVersion;
}

/** An item names a Kubernetes version of its own only through its annotation; otherwise it has its List's. */
function itemVersion(item: Obj, context: AnalysisContext, listVersion: string): string {
  const specific = context.kubernetesVersionFor?.(item);
  return specific !== undefined && context.registry.kubernetesVersions().includes(specific) ? specific : listVersion;
}

interface Kinded {
  readonly apiVersion: string;
  readonly kind: string;
}

function manifestIssues(object: Obj, identity: Kinded, version: string, context: AnalysisContext): Issue[] {
  const { apiVersion, kind } = identity;
  const platform = context.registry.platform;
  if (!platform.isPlatformApiVersion(apiVersion)) {
    const itemKind = listItemKind(apiVersion, kind, (k) => context.registry.lookup(apiVersion, k, version).status === 'schema');
    if (itemKind !== undefined) return listIssues(object, identity, itemKind, version, context);
  }
  const lookup = context.registry.lookup(apiVersion, kind, version);
  switch (lookup.status) {
    case 'not-kubernetes':
      return missingSchemaIssue(apiVersion, kind, context.settings.missingSchemas);
    case 'removed': {
      const replacement = lookup.replacement;
      const notes = lookup.notes ? ` ${lookup.notes}` : '';
      return [
        {
          path: ['apiVersion'],
          on: 'value',
          severity: 'error',
          code: 'removed-api-version',
          message: replacement
            ? `${apiVersion} ${kind} was removed in Kubernetes ${lookup.removedIn}; use ${replacement.apiVersion}${replacement.kind !== kind ? ` ${replacement.kind}` : ''}.${notes}`
            : `${apiVersion} ${kind} was removed in Kubernetes ${lookup.removedIn} and has no replacement.${notes}`,
          ...(replacement ? { data: { apiVersion: replacement.apiVersion, replacements: [replacement.apiVersion] } } : {}),
        },
      ];
    }
    case 'unknown-api-version':
      return [
        {
          path: ['apiVersion'],
          on: 'value',
          severity: 'error',
          code: 'unknown-api-version',
          message: platform.isPlatformApiVersion(apiVersion)
            ? `${apiVersion} is not a Berth API version; use ${lookup.servedVersions.join(', ')}.`
            : lookup.crd !== undefined
            ? `${apiVersion} is not served by the CRD ${lookup.crd}; served versions: ${lookup.servedVersions.join(', ') || 'none'}.`
            : `${apiVersion} is not served by Kubernetes ${version}; served versions of this group: ${lookup.servedVersions.join(', ') || 'none'}.`,
          data: { replacements: [...lookup.servedVersions] },
        },
      ];
    case 'unknown-kind': {
      const suggestions = closestMatches(kind, lookup.knownKinds);
      const hint = suggestions[0] !== undefined ? ` Did you mean ${suggestions[0]}?` : '';
      return [
        {
          path: ['kind'],
          on: 'value',
          severity: 'error',
          code: 'unknown-kind',
          message: `${apiVersion} has no kind ${kind}.${hint}`,
          data: { replacements: suggestions },
        },
      ];
    }
    case 'schema': {
      // What the apiserver validates is what its decoder made of the document: null is unset,
      // and a CRD's defaults are filled in.
      const undefaulted = decodedValue(object, lookup.schema);
      const decoded = asObject(lookup.appliesDefaults ? crdDefaulted(undefaulted, lookup.schema) : undefaulted) ?? object;
      const errors = context.validator.validate(lookup.key, lookup.schema, decoded);
      const issues = schemaIssues(errors, context.settings.unknownFields, kind);
      if (lookup.deprecationWarning !== undefined) issues.unshift(deprecatedVersionIssue(lookup.deprecationWarning));
      if (platform.isPlatformApiVersion(apiVersion)) issues.push(...platformRules(object, kind, context));
      else {
        dropUncheckedStatusIssues(issues);
        // One finding per field: the schema's, when it already reported that path.
        const reported = new Set(issues.map((i) => i.path.join('/')));
        for (const issue of [...kubernetesNameIssues(decoded, kind), ...apiserverIssues(decoded, apiVersion, kind)]) {
          const at = issue.path.join('/');
          if (reported.has(at)) continue;
          reported.add(at);
          issues.push(issue);
        }
        issues.push(...documentCheckIssues(decoded, apiVersion, kind, context.settings.checks));
      }
      return issues;
    }
  }
}

/**
 * A built-in kind's top-level `status` is written by its controllers, not by the author: on
 * create the apiserver's decoder still reads it (a value of the wrong type or an unknown field
 * is refused: checked on a v1.36 apiserver), then the kind's strategy throws it away, so nothing
 * else the schema says about it (fields the kubelet fills, like `imageID`) is ever checked.
 */
function dropUncheckedStatusIssues(issues: Issue[]): void {
  const decoderCodes = new Set(['invalid-type', 'unknown-field']);
  for (let i = issues.length - 1; i >= 0; i--) {
    const issue = issues[i]!;
    if (issue.path[0] === 'status' && !decoderCodes.has(issue.code)) issues.splice(i, 1);
  }
}

/**
 * A List is never sent: kubectl applies its items. Each item is validated as a document of its
 * own, its issues placed inside it; the List needs no name. A typed list's own fields are
 * checked against its schema, without the items (they are checked one by one, once).
 */
function listIssues(list: Obj, identity: Kinded, itemKind: string, version: string, context: AnalysisContext): Issue[] {
  const issues: Issue[] = [];
  const items = list.items;
  if (itemKind !== '') {
    const lookup = context.registry.lookup(identity.apiVersion, identity.kind, version);
    if (lookup.status === 'schema') {
      const shell = Array.isArray(items) ? { ...list, items: [] } : list;
      issues.push(...schemaIssues(context.validator.validate(lookup.key, lookup.schema, decodedValue(shell, lookup.schema)), context.settings.unknownFields, identity.kind));
    }
  } else if (items !== undefined && items !== null && !Array.isArray(items)) {
    issues.push({ path: ['items'], on: 'value', severity: 'error', code: 'invalid-type', message: `items must be a list, not ${describeValue(items)}` });
  }
  if (!Array.isArray(items)) return issues;
  items.forEach((raw: unknown, index) => {
    const item = asObject(raw);
    if (!item) {
      issues.push({ path: ['items', index], on: 'value', severity: 'error', code: 'invalid-type', message: `items[${index}] must be an object with apiVersion and kind, not ${describeValue(raw)}` });
      return;
    }
    issues.push(...itemIssues(item, identity.apiVersion, itemKind, version, context).map((issue) => inItem(issue, index, item)));
  });
  return issues;
}

function itemIssues(item: Obj, listApiVersion: string, itemKind: string, listVersion: string, context: AnalysisContext): Issue[] {
  const { apiVersion, kind } = itemIdentity(item, listApiVersion, itemKind);
  if (apiVersion !== undefined && kind !== undefined) return manifestIssues(item, { apiVersion, kind }, itemVersion(item, context, listVersion), context);
  if (apiVersion !== undefined) return [missingIdentityIssue({ missing: 'kind', present: apiVersion }, context)];
  if (kind !== undefined) return [missingIdentityIssue({ missing: 'apiVersion', present: kind }, context)];
  return [
    {
      path: [],
      on: 'key',
      severity: 'error',
      code: 'missing-kind',
      message: 'This item of the List has neither apiVersion nor kind: kubectl cannot tell what object it is.',
    },
  ];
}

function platformRules(object: Obj, kind: string, context: AnalysisContext): Issue[] {
  const platform = context.registry.platform;
  if (kind === 'Cluster') return clusterRules(object, platform.supportedKubernetesVersions());
  if (kind === 'NodePool') return nodePoolRules(object, platform.instanceTypes());
  if (kind === 'Application') return applicationRules(object);
  return [];
}

function yamlDiagnostic(error: YAMLError, lineCounter: LineCounter, severity: IssueSeverity): ChunkDiagnostic {
  const [start, end] = error.pos;
  const message = error.message.split('\n')[0] ?? error.message;
  return { range: chunkRange(lineCounter, start, Math.max(end, start)), severity, code: `yaml-${error.code.toLowerCase().replace(/_/g, '-')}`, message: `YAML: ${message}` };
}

function documentExtent(doc: Document.Parsed, lineCounter: LineCounter, chunk: YamlChunk): ChunkRange {
  const contents = doc.contents;
  if (contents?.range) return chunkRange(lineCounter, contents.range[0], contents.range[2]);
  return chunkRange(lineCounter, 0, chunk.text.length);
}

function nameRange(doc: Document.Parsed, lineCounter: LineCounter): ChunkRange | undefined {
  const contents = doc.contents;
  if (!isMap(contents)) return undefined;
  const find = (map: unknown, key: string): unknown => (isMap(map) ? map.items.find((p) => isPair(p) && keyText(p.key) === key)?.value : undefined);
  const name = find(find(contents, 'metadata'), 'name') ?? find(contents, 'kind');
  if (isScalar(name) && name.range) return chunkRange(lineCounter, name.range[0], name.range[1]);
  return undefined;
}

function failed(chunk: YamlChunk, context: AnalysisContext, severity: IssueSeverity, code: string, message: string): ChunkAnalysis {
  const firstLineLength = Math.max(0, chunk.text.indexOf('\n') === -1 ? chunk.text.length : chunk.text.indexOf('\n'));
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(firstLineLength, 200) } };
  return {
    shape: 'broken',
    manifest: undefined,
    value: undefined,
    kubernetesVersion: context.settings.kubernetesVersion,
    diagnostics: [{ range, severity, code, message }],
    extent: { start: { line: 0, character: 0 }, end: { line: chunk.lineCount, character: 0 } },
    nameRange: undefined,
  };
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'it is nested too deeply';
  return error instanceof Error ? error.message : String(error);
}
