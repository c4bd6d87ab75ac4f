import type { SchemaLookup } from '../lookup';
import type { JsonSchema } from '../schemaNavigator';
import { formatGeneration, kubernetesMinor } from './formats/stringFormats';
import { structuralSchema } from './structuralSchema';

type Raw = Record<string, unknown>;

/** One version of a custom resource as its CRD declares it. */
interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly deprecationWarning: string | undefined;
  readonly deprecated: boolean;
  /** The openAPIV3Schema as written; compiled on first use, once per set of checked formats. */
  readonly openApi: Raw | undefined;
  compiled?: Map<number, { readonly schema: JsonSchema; readonly key: string }>;
}

/** A CustomResourceDefinition of the workspace (or given to the CLI), read from its document. */
export interface CrdDefinition {
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly versions: readonly CrdVersion[];
  /** Where it was read, as users see it (a path or URI). */
  readonly source: string;
}

export const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

/** A CRD read from a manifest's data; undefined when it names no group, kind or version. */
export function readCrd(value: Raw, source: string): CrdDefinition | undefined {
  const metadata = asRaw(value.metadata);
  const spec = asRaw(value.spec);
  const names = asRaw(spec?.names);
  const group = spec?.group;
  const kind = names?.kind;
  if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec?.versions)) return undefined;
  const shared = asRaw(asRaw(spec.validation)?.openAPIV3Schema);
  const versions: CrdVersion[] = [];
  for (const entry of spec.versions as unknown[]) {
    const version = asRaw(entry);
    if (!version || typeof version.name !== 'string') continue;
    versions.push({
      name: version.name,
      served: version.served !== false,
      deprecated: version.deprecated === true,
      deprecationWarning: typeof version.deprecationWarning === 'string' ? version.deprecationWarning : undefined,
      openApi: asRaw(asRaw(version.schema)?.openAPIV3Schema) ?? shared,
    });
  }
  if (versions.length === 0) return undefined;
  const name = typeof metadata?.name === 'string' ? metadata.name : `${String(names?.plural ?? kind.toLowerCase())}.${group}`;
  return { name, group, kind, versions, source };
}

/**
 * CRDs that ship with Berth (schemas/crds), found by group and kind; read lazily so that a
 * workspace without custom resources never loads them.
 */
export interface BundledCrdSource {
  find(group: string, kind: string): CrdDefinition | undefined;
  /** Every bundled kind, for completion: its apiVersions (served, newest first) and description. */
  kinds(): readonly { readonly group: string; readonly kind: string; readonly versions: readonly string[]; readonly source: string }[];
}

/**
 * The custom resource definitions Berth knows, from three sources in order of precedence: the
 * workspace's files, the connected cluster, and the bundled catalog. `generation` changes
 * whenever what the first two say may have changed, so cached analyses of custom resources can
 * tell (the bundled catalog never changes while Berth runs).
 */
export class CrdCatalog {
  private readonly byFile = new Map<string, { readonly signature: string; readonly crds: readonly CrdDefinition[] }>();
  private cluster: { readonly signature: string; readonly crds: readonly CrdDefinition[] } | undefined;
  private byGroupKind: Map<string, CrdDefinition> | undefined;
  private generationCount = 0;

  constructor(private readonly bundled?: BundledCrdSource) {}

  get generation(): number {
    return this.generationCount;
  }

  /**
   * Replaces the CRDs of one file. `signature` identifies their text: an unchanged one keeps the
   * generation (and so every cached analysis). Returns whether anything changed.
   */
  setFile(file: string, crds: readonly CrdDefinition[], signature: string): boolean {
    const previous = this.byFile.get(file);
    if (crds.length === 0) {
      if (!previous) return false;
      this.byFile.delete(file);
    } else {
      if (previous?.signature === signature) return false;
      this.byFile.set(file, { signature, crds });
    }
    this.changed();
    return true;
  }

  removeFile(file: string): boolean {
    return this.setFile(file, [], '');
  }

  /**
   * Replaces the CRDs of the connected cluster (live or from its on-disk cache); an empty list
   * forgets them. `signature` identifies the set, as for files. Returns whether anything changed.
   */
  setCluster(crds: readonly CrdDefinition[], signature: string): boolean {
    if (crds.length === 0) {
      if (!this.cluster) return false;
      this.cluster = undefined;
    } else {
      if (this.cluster?.signature === signature) return false;
      this.cluster = { signature, crds };
    }
    this.changed();
    return true;
  }

  /** The CRD of a group and kind: the workspace's first, then the cluster's, then the bundled catalog's. */
  find(group: string, kind: string): CrdDefinition | undefined {
    if (!this.byGroupKind) {
      this.byGroupKind = new Map();
      const layers = [...[...this.byFile.values()].map((file) => file.crds), this.cluster?.crds ?? []];
      for (const crds of layers) for (const crd of crds) if (!this.byGroupKind.has(`${crd.group}/${crd.kind}`)) this.byGroupKind.set(`${crd.group}/${crd.kind}`, crd);
    }
    return this.byGroupKind.get(`${group}/${kind}`) ?? this.bundled?.find(group, kind);
  }

  /** Whether the workspace or the cluster define any CRD (the bundled catalog aside). */
  get size(): number {
    return this.byFile.size + (this.cluster ? 1 : 0);
  }

  /** The custom kinds completion can offer at the top of a document, every source's, without duplicates. */
  kinds(): readonly { readonly apiVersion: string; readonly kind: string; readonly description: string }[] {
    const seen = new Set<string>();
    const out: { apiVersion: string; kind: string; description: string }[] = [];
    const add = (group: string, kind: string, version: string, description: string): void => {
      const apiVersion = `${group}/${version}`;
      if (seen.has(`${apiVersion}/${kind}`)) return;
      seen.add(`${apiVersion}/${kind}`);
      out.push({ apiVersion, kind, description });
    };
    const layers = [...[...this.byFile.values()].map((file) => file.crds), this.cluster?.crds ?? []];
    for (const crds of layers) for (const crd of crds) for (const version of crd.versions) if (version.served) add(crd.group, crd.kind, version.name, `${crd.kind}: CRD ${crd.name}, from ${crd.source}`);
    for (const entry of this.bundled?.kinds() ?? []) for (const version of entry.versions) add(entry.group, entry.kind, version, `${entry.kind}: from the bundled catalog: ${entry.source}`);
    return out;
  }

  /**
   * What the CRDs know of an (apiVersion, kind): a schema, unserved version, or nothing
   * ('not-kubernetes'). The apiserver of `kubernetesVersion` decides which string formats are checked.
   */
  lookup(apiVersion: string, kind: string, kubernetesVersion?: string): SchemaLookup {
    const slash = apiVersion.indexOf('/');
    if (slash <= 0) return { status: 'not-kubernetes' };
    const crd = this.find(apiVersion.slice(0, slash), kind);
    if (!crd) return { status: 'not-kubernetes' };
    const versionName = apiVersion.slice(slash + 1);
    const version = crd.versions.find((v) => v.name === versionName && v.served);
    if (!version) return { status: 'unknown-api-version', servedVersions: crd.versions.filter((v) => v.served).map((v) => `${crd.group}/${v.name}`), crd: crd.name };
    const minor = kubernetesMinor(kubernetesVersion);
    const compiled = (version.compiled ??= new Map());
    const generation = formatGeneration(minor);
    if (!compiled.has(generation)) compiled.set(generation, compile(crd, version, minor));
    const { schema, key } = compiled.get(generation)!;
    const origin = `CRD ${crd.name} ${version.name}, from ${crd.source}`;
    return {
      status: 'schema',
      key,
      schema,
      description: typeof schema.description === 'string' ? schema.description : `${crd.kind}, a custom resource.`,
      origin,
      appliesDefaults: true,
      ...(version.deprecated ? { deprecationWarning: version.deprecationWarning ?? `${apiVersion} ${crd.kind} is deprecated.` } : {}),
    };
  }

  private changed(): void {
    this.byGroupKind = undefined;
    this.generationCount++;
  }
}

/** The validator key names the schema's content: an edit elsewhere in the CRD set compiles nothing again. */
function compile(crd: CrdDefinition, version: CrdVersion, minor: number): { schema: JsonSchema; key: string } {
  const schema: JsonSchema = version.openApi ? structuralSchema(version.openApi, minor) : { type: 'object' };
  return { schema, key: `crd/${crd.name}/${version.name}/${contentHash(JSON.stringify(schema))}` };
}

/** FNV-1a over the text, twice with different seeds: a cache key, not a security boundary. */
function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `${a.toString(16)}${b.toString(16)}:${text.length}`;
}

function asRaw(value: unknown): Raw | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}
