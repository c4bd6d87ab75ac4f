/**
 * What a deploy sends, from the YAML documents of files (pure, free of `vscode`): platform
 * documents rendered into Kubernetes objects, plain manifests as they are, each object remembering
 * the file and document it came from so the server's verdict on it can point back there.
 */
import { parseDocument } from 'yaml';
import type { DeployFinding } from '../../protocol/protocol';
import { renderManifests } from '../../platform/render';
import type { InstanceType } from '../../platform/schema/platformSchemas';
import { splitDocuments } from '../../platform/yaml/splitDocuments';
import { hasMaskedValues, labelForApplication, type ObjectSource } from '..';

export interface SourceFile {
  readonly uri: string;
  readonly text: string;
  /** Deploy only these documents (0-based, `---` separated); all when undefined. */
  readonly documents?: ReadonlySet<number>;
}

export interface PlannedObject {
  readonly object: Record<string, unknown>;
  /** The file and document it came from (rendered: from an Application rather than written there). */
  readonly source: ObjectSource;
}

export interface DeployPlan {
  readonly objects: readonly PlannedObject[];
  /** Documents that cannot be deployed (YAML errors, render problems, masked Secrets): never sent. */
  readonly problems: readonly DeployFinding[];
  /** Documents deliberately left out (Clusters and NodePools are created, not deployed). */
  readonly notes: readonly string[];
  /** Application name → the namespaces its objects go to (for pruning). */
  readonly applications: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface PlanOptions {
  /** Namespace of Applications and namespaced objects that name none. */
  readonly namespace: string;
  /** Other manifests (the workspace's Clusters and NodePools) that Applications may refer to. */
  readonly context?: readonly unknown[];
}

interface ParsedDocument {
  readonly uri: string;
  readonly index: number;
  readonly value?: unknown;
  readonly error?: string;
}

function parseFiles(files: readonly SourceFile[]): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  for (const file of files) {
    splitDocuments(file.text).forEach((chunk, index) => {
      const doc = parseDocument(chunk.text, { logLevel: 'silent', prettyErrors: false });
      if (doc.errors.length > 0) out.push({ uri: file.uri, index, error: doc.errors[0]!.message.split('\n')[0]! });
      else out.push({ uri: file.uri, index, value: doc.toJS({ maxAliasCount: 100 }) as unknown });
    });
  }
  return out;
}

function nameOf(value: unknown): { kind: string; name: string; apiVersion: string } {
  const v = (value ?? {}) as { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown } };
  return { kind: String(v.kind ?? '?'), name: String(v.metadata?.name ?? '?'), apiVersion: String(v.apiVersion ?? '') };
}

export function planDeploy(files: readonly SourceFile[], catalog: readonly InstanceType[], options: PlanOptions): DeployPlan {
  const parsed = parseFiles(files);
  const wanted = (d: ParsedDocument) => files.find((f) => f.uri === d.uri)?.documents?.has(d.index) ?? true;
  const allValues = parsed.filter((d) => d.value !== undefined && d.value !== null).map((d) => d.value);
  const objects: PlannedObject[] = [];
  const problems: DeployFinding[] = [];
  const notes: string[] = [];
  const applications = new Map<string, Set<string>>();

  for (const doc of parsed) {
    if (!wanted(doc)) continue;
    if (doc.error !== undefined) {
      problems.push({ uri: doc.uri, documentIndex: doc.index, object: `document ${doc.index + 1}`, message: `Not valid YAML: ${doc.error}` });
      continue;
    }
    if (doc.value === null || doc.value === undefined) continue;
    const { kind, name, apiVersion } = nameOf(doc.value);
    if (apiVersion.startsWith('berth.dev/') && (kind === 'Cluster' || kind === 'NodePool')) {
      notes.push(`${kind} ${name}: not deployed (${kind === 'Cluster' ? 'use Berth: Create Cluster' : 'use Berth: Scale Node Pool'})`);
      continue;
    }
    const rendered = renderManifests([doc.value], catalog, { includeKubernetes: true, namespace: options.namespace, context: [...allValues, ...(options.context ?? [])] });
    for (const problem of rendered.problems) problems.push({ uri: doc.uri, documentIndex: doc.index, object: `${kind} ${name}`, message: problem });
    if (rendered.problems.length > 0) continue;
    for (const { source, object } of rendered.objects) {
      if (hasMaskedValues(object)) {
        problems.push({ uri: doc.uri, documentIndex: doc.index, object: `Secret ${name}`, message: `Secret ${name} holds masked values (<masked: N bytes>); deploying it would overwrite the real ones. Put the values back or remove the Secret from the file.` });
        continue;
      }
      const isPlatform = source.kind === 'Application' && apiVersion.startsWith('berth.dev/');
      if (isPlatform) {
        const namespace = (object.metadata as { namespace?: string } | undefined)?.namespace ?? options.namespace;
        applications.set(source.name, (applications.get(source.name) ?? new Set()).add(namespace));
      }
      objects.push({ object: isPlatform ? labelForApplication(object, source.name) : object, source: { uri: doc.uri, documentIndex: doc.index, rendered: isPlatform } });
    }
  }
  return { objects, problems, notes, applications };
}

/** The documents (0-based) a line range [startLine, endLine] of `text` touches. */
export function documentsInLines(text: string, startLine: number, endLine: number): Set<number> {
  const touched = new Set<number>();
  splitDocuments(text).forEach((chunk, index) => {
    const last = Math.max(chunk.startLine, chunk.startLine + chunk.lineCount - (chunk.text.endsWith('\n') ? 1 : 0));
    if (chunk.startLine <= endLine && last >= startLine) touched.add(index);
  });
  return touched;
}
