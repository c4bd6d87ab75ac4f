/**
 * What a deploy sends, from the YAML documents of files (pure): platform documents rendered into
 * Kubernetes objects, plain manifests as they are, each object remembering the file and document
 * it came from so the server's verdict on it can point back there. The rules of deploying live
 * here once, for the extension and the CLI alike: a Secret holding masked placeholders is refused
 * (sending it would overwrite the real values), an Application's namespace is created with it,
 * Clusters and NodePools are left to their own commands, and an Application on several
 * `clusters` gives one plan per cluster, never mixed with what goes to the target context.
 */
import type { InstanceType } from '../../platform/model';
import { renderManifests } from '../../platform/render';
import { MAX_ALIAS_COUNT, parseChunk } from '../../platform/yaml/parseChunk';
import { splitDocuments } from '../../platform/yaml/splitDocuments';
import { maskedKeys } from '../masking';
import { labelForApplication } from './apply';
import { clusterDestination, type ClusterDefinition, type ClusterDestination } from './clusterTargets';
import type { DeployFinding, ObjectSource } from './findings';

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

/** A Secret that still holds `<masked: N bytes>` placeholders where its values were. */
export interface MaskedSecret {
  readonly name: string;
  /** The keys holding a placeholder. */
  readonly keys: readonly string[];
  readonly source: ObjectSource;
  /** Why it is refused, naming the Secret and its keys (also among the plan's problems). */
  readonly message: string;
}

/** What goes to one cluster of the Applications that name several (`spec.clusters`). */
export interface ClusterPlan {
  /** The cluster's name as the Application lists it: a Cluster document or a kubeconfig context. */
  readonly cluster: string;
  /** Its context, from the Cluster document of that name among the files or the plan's context. */
  readonly destination: ClusterDestination;
  readonly objects: readonly PlannedObject[];
  /** Application name → the namespaces its objects go to in this cluster (for pruning). */
  readonly applications: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A platform document that is not deployed: each front end says which command creates it. */
export interface SkippedDocument {
  readonly kind: 'Cluster' | 'NodePool';
  readonly name: string;
  readonly source: ObjectSource;
}

export interface DeployPlan {
  /** What goes to the target context: everything but the objects of multi-cluster Applications. */
  readonly objects: readonly PlannedObject[];
  /** The objects of Applications that name several clusters, one plan per cluster in the order first listed. */
  readonly clusters: readonly ClusterPlan[];
  /** Documents that cannot be deployed (YAML errors, render problems, masked Secrets): never sent. */
  readonly problems: readonly DeployFinding[];
  /** The masked Secrets among the problems: deploying around them would lose the real values. */
  readonly masked: readonly MaskedSecret[];
  /** Documents deliberately left out (Clusters and NodePools are created, not deployed). */
  readonly skipped: readonly SkippedDocument[];
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
      const { doc } = parseChunk(chunk);
      if (doc.errors.length > 0) out.push({ uri: file.uri, index, error: doc.errors[0]!.message.split('\n')[0]! });
      else out.push({ uri: file.uri, index, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown });
    });
  }
  return out;
}

function nameOf(value: unknown): { kind: string; name: string; apiVersion: string; namespace?: string } {
  const v = (value ?? {}) as { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const namespace = typeof v.metadata?.namespace === 'string' && v.metadata.namespace ? v.metadata.namespace : undefined;
  return { kind: String(v.kind ?? '?'), name: String(v.metadata?.name ?? '?'), apiVersion: String(v.apiVersion ?? ''), ...(namespace ? { namespace } : {}) };
}

function maskedMessage(name: string, keys: readonly string[]): string {
  const listed = keys.map((k) => `"${k}"`).join(', ');
  return `Secret ${name} holds masked values (<masked: N bytes>) in ${keys.length === 1 ? 'key' : 'keys'} ${listed}; deploying it would overwrite the real ones. Put the values back or remove the Secret from the file.`;
}

/**
 * The Namespace an Application names, created before what it renders; never labelled for the
 * Application, so pruning can never delete a namespace.
 */
function namespaceObject(name: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** The Cluster documents in reach: the files' first (they carry their file), then the context's. */
function clusterDefinitions(parsed: readonly ParsedDocument[], context: readonly unknown[]): ClusterDefinition[] {
  const definitions: ClusterDefinition[] = [];
  const add = (value: unknown, uri?: string) => {
    const { kind, name, apiVersion } = nameOf(value);
    if (kind === 'Cluster' && apiVersion.startsWith('berth.dev/') && name !== '?') definitions.push({ name, value, ...(uri !== undefined ? { uri } : {}) });
  };
  for (const doc of parsed) if (doc.value !== undefined && doc.value !== null) add(doc.value, doc.uri);
  for (const value of context) add(value);
  return definitions;
}

/** Objects bound for one destination: the target context, or one cluster of a multi-cluster Application. */
class Bucket {
  readonly objects: PlannedObject[] = [];
  readonly applications = new Map<string, Set<string>>();
  readonly namespacesNamed = new Map<string, ObjectSource>();

  /** The objects, with a Namespace for each one an Application named that nothing else creates. */
  finish(): PlannedObject[] {
    const planned = new Set(this.objects.filter((p) => p.object['kind'] === 'Namespace').map((p) => nameOf(p.object).name));
    const namespaces = [...this.namespacesNamed].filter(([namespace]) => !planned.has(namespace)).map(([namespace, source]) => ({ object: namespaceObject(namespace), source }));
    return [...this.objects, ...namespaces];
  }
}

export function planDeploy(files: readonly SourceFile[], catalog: readonly InstanceType[], options: PlanOptions): DeployPlan {
  const parsed = parseFiles(files);
  const wanted = (d: ParsedDocument) => files.find((f) => f.uri === d.uri)?.documents?.has(d.index) ?? true;
  const allValues = parsed.filter((d) => d.value !== undefined && d.value !== null).map((d) => d.value);
  const problems: DeployFinding[] = [];
  const masked: MaskedSecret[] = [];
  const skipped: SkippedDocument[] = [];
  const target = new Bucket();
  // Each cluster's objects share names with the others': they must never be sent to one context.
  const clusters = new Map<string, Bucket>();
  const bucketOf = (cluster: string | undefined): Bucket => {
    if (cluster === undefined) return target;
    let bucket = clusters.get(cluster);
    if (!bucket) clusters.set(cluster, (bucket = new Bucket()));
    return bucket;
  };

  for (const doc of parsed) {
    if (!wanted(doc)) continue;
    if (doc.error !== undefined) {
      problems.push({ uri: doc.uri, documentIndex: doc.index, object: `document ${doc.index + 1}`, message: `Not valid YAML: ${doc.error}` });
      continue;
    }
    if (doc.value === null || doc.value === undefined) continue;
    const { kind, name, apiVersion, namespace } = nameOf(doc.value);
    if (apiVersion.startsWith('berth.dev/') && (kind === 'Cluster' || kind === 'NodePool')) {
      skipped.push({ kind, name, source: { uri: doc.uri, documentIndex: doc.index } });
      continue;
    }
    const rendered = renderManifests([doc.value], catalog, { includeKubernetes: true, namespace: options.namespace, context: [...allValues, ...(options.context ?? [])] });
    for (const problem of rendered.problems) problems.push({ uri: doc.uri, documentIndex: doc.index, object: `${kind} ${name}`, message: problem });
    if (rendered.problems.length > 0) continue;
    const isApplication = kind === 'Application' && apiVersion.startsWith('berth.dev/');
    for (const { source, object, cluster } of rendered.objects) {
      const placeholders = maskedKeys(object);
      if (placeholders.length > 0) {
        const secret = nameOf(object).name;
        const message = maskedMessage(secret, placeholders);
        masked.push({ name: secret, keys: placeholders, source: { uri: doc.uri, documentIndex: doc.index }, message });
        problems.push({ uri: doc.uri, documentIndex: doc.index, object: `Secret ${secret}`, message });
        continue;
      }
      const bucket = bucketOf(cluster);
      if (isApplication && namespace !== undefined && !bucket.namespacesNamed.has(namespace)) bucket.namespacesNamed.set(namespace, { uri: doc.uri, documentIndex: doc.index, rendered: true });
      const rendersApplication = isApplication && source.kind === 'Application';
      if (rendersApplication) {
        const objectNamespace = (object.metadata as { namespace?: string } | undefined)?.namespace ?? options.namespace;
        bucket.applications.set(source.name, (bucket.applications.get(source.name) ?? new Set()).add(objectNamespace));
      }
      bucket.objects.push({ object: rendersApplication ? labelForApplication(object, source.name) : object, source: { uri: doc.uri, documentIndex: doc.index, rendered: rendersApplication } });
    }
  }
  const definitions = clusterDefinitions(parsed, options.context ?? []);
  return {
    objects: target.finish(),
    clusters: [...clusters].map(([cluster, bucket]) => ({ cluster, destination: clusterDestination(cluster, definitions), objects: bucket.finish(), applications: bucket.applications })),
    problems,
    masked,
    skipped,
    applications: target.applications,
  };
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
