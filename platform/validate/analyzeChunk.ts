import { isMap, isPair, isScalar, type Document, type LineCounter, type YAMLError } from 'yaml';
import type { ValidationSettings } from '../settings';
import { applicationRules } from '../rules/applicationRules';
import { clusterRules } from '../rules/clusterRules';
import { nodePoolRules } from '../rules/nodePoolRules';
import { asObject, asString, type Obj } from '../rules/values';
import type { SchemaRegistry } from '../schema/schemaRegistry';
import { chunkRange, keyText, MAX_ALIAS_COUNT, parseChunk, type ChunkRange, type ParsedChunk } from '../yaml/parseChunk';
import type { YamlChunk } from '../yaml/splitDocuments';
import { closestMatches } from './closestMatches';
import type { Issue, IssueData, IssueSeverity, RelatedLocation } from './issue';
import { issueRange } from './issueRanges';
import { kubernetesNameIssues } from './kubernetesNames';
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
  let parsed: ParsedChunk;
  try {
    parsed = parseChunk(chunk);
    context.onParsed?.(parsed);
  } catch (error) {
    return failed(chunk, context, 'yaml-unparsable', `This document could not be parsed: ${messageOf(error)}`);
  }
  try {
    return analyzeParsed(parsed, context);
  } catch (error) {
    return failed(chunk, context, 'internal-error', `Berth could not validate this document (${messageOf(error)}). Please report this.`);
  }
}

function analyzeParsed(parsed: ParsedChunk, context: AnalysisContext): ChunkAnalysis {
  const { doc, lineCounter, chunk } = parsed;
  // A badly broken document can yield thousands of follow-on errors; the first few say it all.
  const diagnostics: ChunkDiagnostic[] = [
    ...doc.errors.slice(0, MAX_YAML_ERRORS).map((e) => yamlDiagnostic(e, lineCounter, 'error')),
    ...doc.warnings.slice(0, MAX_YAML_ERRORS).map((e) => yamlDiagnostic(e, lineCounter, 'warning')),
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

  const identity = identify(object);
  if (identity === 'not-a-manifest') return { ...base, shape: 'mapping', diagnostics };
  const issues: Issue[] = [];
  let manifest: ManifestIdentity | undefined;
  let kubernetesVersion = context.settings.kubernetesVersion;
  if ('missing' in identity) {
    issues.push(missingIdentityIssue(identity, context));
  } else {
    manifest = identity;
    kubernetesVersion = resolveVersion(object, context);
    issues.push(...manifestIssues(object, identity, kubernetesVersion, context));
  }
  for (const issue of issues) {
    diagnostics.push({
      range: issueRange(doc, lineCounter, issue),
      severity: issue.severity,
      code: issue.code,
      message: issue.message,
      ...(issue.data ? { data: issue.data } : {}),
      ...(issue.related ? { related: issue.related } : {}),
    });
  }
  return { shape: 'manifest', manifest, value: object, kubernetesVersion, diagnostics, extent, nameRange: nameRange(doc, lineCounter) };
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

function resolveVersion(object: Obj, context: AnalysisContext): string {
  const versions = context.registry.kubernetesVersions();
  const specific = context.kubernetesVersionFor?.(object);
  for (const candidate of [specific, context.settings.kubernetesVersion]) {
    if (candidate !== undefined && versions.includes(candidate)) return candidate;
  }
  return versions[versions.length - 1] ?? context.settings.kubernetesVersion;
}

function manifestIssues(object: Obj, identity: ManifestIdentity, version: string, context: AnalysisContext): Issue[] {
  const { apiVersion, kind } = identity;
  // kubectl accepts a v1 List of objects; its items are not validated one by one here.
  if (apiVersion === 'v1' && kind === 'List') return [];
  const lookup = context.registry.lookup(apiVersion, kind, version);
  const platform = context.registry.platform;
  switch (lookup.status) {
    case 'not-kubernetes':
      return [];
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
      const errors = context.validator.validate(lookup.key, lookup.schema, object);
      const issues = schemaIssues(errors, context.settings.unknownFields, kind);
      if (platform.isPlatformApiVersion(apiVersion)) issues.push(...platformRules(object, kind, context));
      else issues.push(...kubernetesNameIssues(object, kind).filter((i) => !issues.some((s) => s.path.join('/') === i.path.join('/'))));
      return issues;
    }
  }
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

function failed(chunk: YamlChunk, context: AnalysisContext, code: string, message: string): ChunkAnalysis {
  const firstLineLength = Math.max(0, chunk.text.indexOf('\n') === -1 ? chunk.text.length : chunk.text.indexOf('\n'));
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(firstLineLength, 200) } };
  return {
    shape: 'broken',
    manifest: undefined,
    value: undefined,
    kubernetesVersion: context.settings.kubernetesVersion,
    diagnostics: [{ range, severity: 'error', code, message }],
    extent: { start: { line: 0, character: 0 }, end: { line: chunk.lineCount, character: 0 } },
    nameRange: undefined,
  };
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'it is nested too deeply';
  return error instanceof Error ? error.message : String(error);
}
