/**
 * The shapes of the generated files under schemas/kubernetes/ (see its README.md and
 * scripts/schemas/generate.mjs). Only the loader reads them.
 */

export const BUNDLE_FORMAT = 1;

/** schemas/kubernetes/index.json */
export interface BundleIndexFile {
  readonly format: number;
  readonly generated: string;
  readonly module: string;
  readonly versions: readonly { readonly version: string; readonly source: string; readonly file: string }[];
  /** Every API group a bundled release serves or the removed table names; "" is the core group. */
  readonly builtinGroups: readonly string[];
}

export interface BundleKind {
  /** Name of the root definition, e.g. "io.k8s.api.apps.v1.Deployment". */
  readonly def: string;
  readonly description: string;
  readonly namespaced?: boolean;
}

export interface BundleGroupVersion {
  /** false for beta and alpha versions that need --runtime-config. */
  readonly servedByDefault: boolean;
  readonly kinds: Readonly<Record<string, BundleKind>>;
}

export interface RemovedApi {
  readonly apiVersion: string;
  readonly kind: string;
  /** Only in removed-apis.json: the release that deprecated it. */
  readonly deprecatedIn?: string;
  readonly removedIn: string;
  readonly replacement: { readonly apiVersion: string; readonly kind: string } | null;
  readonly notes?: string;
}

/** schemas/kubernetes/v<minor>.json */
export interface BundleVersionFile {
  readonly format: number;
  readonly kubernetesVersion: string;
  readonly source: string;
  readonly groupVersions: Readonly<Record<string, BundleGroupVersion>>;
  /** Removals derived within the bundled range. */
  readonly removed: readonly RemovedApi[];
  /** Definition name → content id in its shard. */
  readonly defs: Readonly<Record<string, string>>;
}

/** schemas/kubernetes/defs/<package>.json: definition name → content id → schema. */
export type BundleShardFile = Readonly<Record<string, Readonly<Record<string, JsonSchema>>>>;

/**
 * schemas/kubernetes/removed-apis.json (hand-curated). The schema store reads `removed`; the
 * upgrade check (platform/upgrade/apiLifecycle.ts) reads every section.
 */
export interface RemovedApisFile {
  /** Kubernetes API versions with the release that stops serving them (some planned by their prerelease lifecycle). */
  readonly removed: readonly RemovedApi[];
  /** Served API versions that are deprecated with no removal planned. */
  readonly deprecated?: readonly unknown[];
  /** Operators' own API versions, numbered by the operator's releases. */
  readonly components?: readonly unknown[];
  /** Configuration files components read (an audit policy), numbered by Kubernetes releases. */
  readonly configFiles?: readonly unknown[];
}

export type JsonSchema = { readonly [keyword: string]: unknown };
