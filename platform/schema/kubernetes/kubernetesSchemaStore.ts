import type { KubernetesSchemaSource, SchemaHit, SchemaLookup } from '../lookup';
import type { SchemaFileReader } from '../schemaFiles';
import {
  BUNDLE_FORMAT,
  type BundleIndexFile,
  type BundleShardFile,
  type BundleVersionFile,
  type JsonSchema,
  type RemovedApi,
  type RemovedApisFile,
} from './bundleFormat';

export type { SchemaFileReader } from '../schemaFiles';

/** A Kubernetes schema hit says, beyond the shared fields, whether the release serves it by default. */
export interface KubernetesSchemaHit extends SchemaHit {
  /** false for a beta or alpha API version the release only serves when enabled with --runtime-config. */
  readonly servedByDefault: boolean;
  readonly namespaced?: boolean;
}

/** The shared lookup outcomes, with the Kubernetes-specific schema hit. */
export type KubernetesKindLookup = KubernetesSchemaHit | Exclude<SchemaLookup, SchemaHit>;

export interface KubernetesKindInfo {
  readonly apiVersion: string;
  readonly kind: string;
  readonly description: string;
  readonly namespaced?: boolean;
  readonly servedByDefault?: boolean;
}

interface LoadedVersion {
  readonly file: BundleVersionFile;
  /** group → apiVersions of that group, preferred first. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  readonly removed: ReadonlyMap<string, RemovedApi>;
  kinds?: readonly KubernetesKindInfo[];
}

/** Keywords whose values are data, not subschemas. */
const DATA_KEYWORDS = new Set(['default', 'enum', 'example', 'required', 'x-kubernetes-list-map-keys', 'description']);
const REF_PREFIX = '#/definitions/';
/** Lookups kept (oldest dropped first); a workspace uses a few dozen (version, apiVersion, kind)s. */
const MAX_CACHED_LOOKUPS = 512;
const MAX_CACHED_KEY_LENGTH = 512;

/**
 * The Kubernetes schemas generated into schemas/kubernetes/ by scripts/schemas/generate.mjs.
 *
 * Everything loads lazily and once: index.json on first use, a release's small index on its
 * first lookup, a definition shard (one Go package) the first time a lookup reaches one of its
 * definitions, removed-apis.json only when a lookup misses. Results are cached per
 * (version, apiVersion, kind), so the caller can compile one validator per `key`.
 */
export class KubernetesSchemaStore implements KubernetesSchemaSource {
  private index: BundleIndexFile | undefined;
  private builtinGroups: ReadonlySet<string> | undefined;
  private curatedRemovals: ReadonlyMap<string, RemovedApi> | undefined;
  private readonly loaded = new Map<string, LoadedVersion>();
  private readonly shards = new Map<string, BundleShardFile>();
  private readonly results = new Map<string, KubernetesKindLookup>();

  constructor(private readonly read: SchemaFileReader) {}

  /** Bundled Kubernetes minor versions, oldest first: ["1.33", "1.34", "1.35", "1.36"]. */
  versions(): readonly string[] {
    return this.indexFile().versions.map((v) => v.version);
  }

  /** Where a bundled version comes from, e.g. "k8s.io/kubernetes@v1.36.3"; undefined when not bundled. */
  source(version: string): string | undefined {
    const minor = this.resolveVersion(version);
    return minor === undefined ? undefined : this.indexFile().versions.find((v) => v.version === minor)?.source;
  }

  /** "1.36", "v1.36" and "1.36.3" → "1.36" when that minor is bundled; otherwise undefined. */
  resolveVersion(version: string): string | undefined {
    const minor = minorOf(version);
    return minor !== undefined && this.versions().includes(minor) ? minor : undefined;
  }

  /** The bundled minor closest to `version` (the oldest below the range, the newest above or when unparsable). */
  nearestVersion(version: string): string {
    const all = this.versions();
    const newest = all[all.length - 1];
    if (newest === undefined) throw new Error('The Kubernetes schema bundle lists no versions.');
    const minor = minorOf(version);
    if (minor === undefined) return newest;
    if (all.includes(minor)) return minor;
    return compareMinors(minor, all[0] ?? newest) < 0 ? (all[0] ?? newest) : newest;
  }

  /**
   * What Kubernetes `version` (a bundled minor, see resolveVersion) knows about apiVersion/kind.
   * Throws a RangeError for a version that is not bundled.
   */
  lookup(version: string, apiVersion: string, kind: string): KubernetesKindLookup {
    const minor = this.requireVersion(version);
    const cacheKey = `${minor}\u0000${apiVersion}\u0000${kind}`;
    let result = this.results.get(cacheKey);
    if (!result) {
      result = this.compute(minor, apiVersion, kind);
      // Every kind ever typed is a key: keep the recent ones, and none that no schema could name
      // (a pasted megabyte would stay in memory for good).
      if (cacheKey.length > MAX_CACHED_KEY_LENGTH) return result;
      if (this.results.size >= MAX_CACHED_LOOKUPS) this.results.delete(this.results.keys().next().value as string);
      this.results.set(cacheKey, result);
    }
    return result;
  }

  /**
   * Every kind of `version`, for completion of apiVersion/kind pairs: sorted by apiVersion then
   * kind; `FooList` kinds are left out when `Foo` exists in the same apiVersion.
   */
  kinds(version: string): readonly KubernetesKindInfo[] {
    const loaded = this.version(this.requireVersion(version));
    if (!loaded.kinds) {
      const out: KubernetesKindInfo[] = [];
      for (const [apiVersion, gv] of Object.entries(loaded.file.groupVersions)) {
        for (const [kind, k] of Object.entries(gv.kinds)) {
          if (kind.endsWith('List') && gv.kinds[kind.slice(0, -4)] !== undefined) continue;
          out.push({
            apiVersion,
            kind,
            description: k.description,
            servedByDefault: gv.servedByDefault,
            ...(k.namespaced === undefined ? {} : { namespaced: k.namespaced }),
          });
        }
      }
      loaded.kinds = out;
    }
    return loaded.kinds;
  }

  private compute(minor: string, apiVersion: string, kind: string): KubernetesKindLookup {
    const loaded = this.version(minor);
    const gv = loaded.file.groupVersions[apiVersion];
    const entry = gv?.kinds[kind];
    if (gv && entry) {
      const deprecation = this.deprecation(minor, apiVersion, kind);
      const hit: KubernetesKindLookup = {
        status: 'schema',
        key: `${minor}/${apiVersion}/${kind}`,
        schema: this.assemble(loaded.file, entry.def),
        description: entry.description || kind,
        servedByDefault: gv.servedByDefault,
        ...(entry.namespaced === undefined ? {} : { namespaced: entry.namespaced }),
        ...(deprecation === undefined ? {} : { deprecationWarning: deprecation }),
      };
      return hit;
    }

    const removal = this.removal(loaded, minor, apiVersion, kind);
    if (removal) {
      return {
        status: 'removed',
        removedIn: removal.removedIn,
        replacement: removal.replacement,
        ...(removal.notes === undefined ? {} : { notes: removal.notes }),
      };
    }
    if (gv) return { status: 'unknown-kind', knownKinds: Object.keys(gv.kinds) };

    const group = groupOf(apiVersion, this.builtins());
    if (group === undefined || !this.builtins().has(group)) return { status: 'not-kubernetes' };
    return { status: 'unknown-api-version', servedVersions: loaded.groups.get(group) ?? [] };
  }

  /** The curated table first, then the removals derived within the bundled range. */
  private removal(loaded: LoadedVersion, minor: string, apiVersion: string, kind: string): RemovedApi | undefined {
    const key = `${apiVersion}/${kind}`;
    const found = this.curated().get(key) ?? loaded.removed.get(key);
    return found && compareMinors(found.removedIn, minor) <= 0 ? found : undefined;
  }

  /**
   * The warning kube-apiserver sends for a deprecated API version it still serves, in its words.
   * Only alpha and beta versions are looked up: the curated table is not read for a GA kind,
   * so the common lookup stays cold (v1 Endpoints' deprecation shows in `berth upgrade-check`).
   */
  private deprecation(minor: string, apiVersion: string, kind: string): string | undefined {
    if (!/\/v\d+(?:alpha|beta)\d+$/.test(apiVersion)) return undefined;
    const found = this.curated().get(`${apiVersion}/${kind}`);
    if (found?.deprecatedIn === undefined || compareMinors(found.deprecatedIn, minor) > 0) return undefined;
    const unavailable = found.removedIn === undefined ? '' : `, unavailable in v${found.removedIn}+`;
    const use = found.replacement ? `; use ${found.replacement.apiVersion} ${found.replacement.kind}` : '';
    return `${apiVersion} ${kind} is deprecated in v${found.deprecatedIn}+${unavailable}${use}`;
  }

  /** The root definition's keywords plus `definitions` with the closure of its $refs. */
  private assemble(file: BundleVersionFile, rootName: string): object {
    const root = this.definition(file, rootName);
    const definitions: Record<string, JsonSchema> = {};
    const pending: string[] = [];
    collectRefs(root, pending);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (definitions[name] !== undefined) continue;
      const schema = this.definition(file, name);
      definitions[name] = schema;
      collectRefs(schema, pending);
    }
    return { ...root, definitions };
  }

  private definition(file: BundleVersionFile, name: string): JsonSchema {
    const id = file.defs[name];
    const pkg = name.slice(0, name.lastIndexOf('.'));
    const schema = id === undefined ? undefined : this.shard(pkg)[name]?.[id];
    if (!schema) throw new Error(`Kubernetes ${file.kubernetesVersion} schema bundle: definition ${name} is missing; rebuild the schemas.`);
    return schema;
  }

  private shard(pkg: string): BundleShardFile {
    let shard = this.shards.get(pkg);
    if (!shard) {
      shard = this.readJson<BundleShardFile>(`kubernetes/defs/${pkg}.json`);
      this.shards.set(pkg, shard);
    }
    return shard;
  }

  private version(minor: string): LoadedVersion {
    let loaded = this.loaded.get(minor);
    if (!loaded) {
      const entry = this.indexFile().versions.find((v) => v.version === minor);
      if (!entry) throw new RangeError(`Kubernetes ${minor} is not bundled.`);
      const file = this.readJson<BundleVersionFile>(`kubernetes/${entry.file}`);
      checkFormat(file.format, entry.file);
      const groups = new Map<string, string[]>();
      for (const apiVersion of Object.keys(file.groupVersions)) {
        const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
        const list = groups.get(group) ?? [];
        list.push(apiVersion);
        groups.set(group, list);
      }
      for (const [group, list] of groups) {
        const served = (apiVersion: string) => file.groupVersions[apiVersion]?.servedByDefault === true;
        list.sort((a, b) => Number(served(b)) - Number(served(a)) || compareApiVersions(a, b));
        groups.set(group, list);
      }
      const removed = new Map(file.removed.map((r) => [`${r.apiVersion}/${r.kind}`, r] as const));
      loaded = { file, groups, removed };
      this.loaded.set(minor, loaded);
    }
    return loaded;
  }

  private requireVersion(version: string): string {
    const minor = this.resolveVersion(version);
    if (minor === undefined) throw new RangeError(`Kubernetes ${version} is not bundled; bundled: ${this.versions().join(', ')}.`);
    return minor;
  }

  private indexFile(): BundleIndexFile {
    if (!this.index) {
      const index = this.readJson<BundleIndexFile>('kubernetes/index.json');
      checkFormat(index.format, 'index.json');
      this.index = index;
    }
    return this.index;
  }

  private builtins(): ReadonlySet<string> {
    this.builtinGroups ??= new Set(this.indexFile().builtinGroups);
    return this.builtinGroups;
  }

  private curated(): ReadonlyMap<string, RemovedApi> {
    if (!this.curatedRemovals) {
      const file = this.readJson<RemovedApisFile>('kubernetes/removed-apis.json');
      this.curatedRemovals = new Map(file.removed.map((r) => [`${r.apiVersion}/${r.kind}`, r] as const));
    }
    return this.curatedRemovals;
  }

  private readJson<T>(relativePath: string): T {
    const text = this.read(relativePath);
    if (text === undefined) throw new Error(`Berth's schema file ${relativePath} is missing: reinstall Berth or rebuild the schemas.`);
    return JSON.parse(text) as T;
  }
}

function checkFormat(format: number, file: string): void {
  if (format !== BUNDLE_FORMAT) throw new Error(`schemas/kubernetes/${file} has format ${format}; this Berth reads format ${BUNDLE_FORMAT}.`);
}

/** Pushes the definition names `schema` refers to (properties-aware: a property named "default" is a schema). */
function collectRefs(schema: unknown, out: string[]): void {
  if (Array.isArray(schema)) {
    for (const item of schema) collectRefs(item, out);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === '$ref') {
      if (typeof value === 'string' && value.startsWith(REF_PREFIX)) out.push(value.slice(REF_PREFIX.length));
    } else if (keyword === 'properties' && value !== null && typeof value === 'object') {
      for (const property of Object.values(value)) collectRefs(property, out);
    } else if (!DATA_KEYWORDS.has(keyword)) {
      collectRefs(value, out);
    }
  }
}

/**
 * The API group of an apiVersion: "apps/v1" → "apps", "v1" → "". A bare built-in group name
 * ("apps", a forgotten version) counts as that group; anything else without a slash is the core
 * group. undefined for a malformed value ("a/b/c", "").
 */
function groupOf(apiVersion: string, builtins: ReadonlySet<string>): string | undefined {
  const parts = apiVersion.split('/');
  if (parts.length === 2) return parts[0] !== '' && parts[1] !== '' ? parts[0] : undefined;
  if (parts.length !== 1 || apiVersion === '') return undefined;
  return builtins.has(apiVersion) ? apiVersion : '';
}

function minorOf(version: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

function compareMinors(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** Kubernetes version priority: GA before beta before alpha, then the higher number first. */
function compareApiVersions(a: string, b: string): number {
  const rank = (apiVersion: string): readonly number[] => {
    const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    if (!m) return [0, 0, 0];
    return [m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) {
    const d = (rb[i] ?? 0) - (ra[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}
