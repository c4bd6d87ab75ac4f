/**
 * The platform's documents as typed values: a Cluster, its NodePools, where an Application runs
 * and the instance types of the catalog (schemas/platform/instance-catalog.json), as
 * provisioning, scaling and the front ends read them. The shapes follow
 * schemas/platform/v1alpha1.json; fields the schema makes optional stay optional, since a
 * document is used before (or without) being validated.
 */

export const PLATFORM_GROUP = 'berth.dev';
export const PLATFORM_API_VERSION = 'berth.dev/v1alpha1';
export const PLATFORM_KINDS = ['Cluster', 'NodePool', 'Application'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

/** One machine shape of the instance catalog. */
export interface InstanceType {
  readonly name: string;
  readonly cpu: number;
  readonly memory: string;
  readonly gpu: number;
  readonly pods: number;
  readonly description: string;
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

export interface ClusterNetwork {
  readonly plugin?: string;
  /** The IPv4 range pod addresses come from. */
  readonly podCIDR?: string;
  readonly serviceCIDR?: string;
}

export interface Cluster {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly type?: 'dedicated' | 'managed' | 'serverless';
    readonly provider: 'kind' | 'kwok' | 'registered';
    readonly kubernetesVersion?: string;
    readonly controlPlane?: { readonly nodes?: number };
    readonly network?: ClusterNetwork;
  };
}

export interface NodePoolScaling {
  readonly min?: number;
  readonly max?: number;
  readonly desired?: number;
  /** true lets desired follow pending pods between min and max. */
  readonly autoscale?: boolean;
}

export interface NodePool {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly cluster?: string;
    readonly instanceType: string;
    readonly os?: string;
    readonly scaling?: NodePoolScaling;
    readonly labels?: Record<string, string>;
    readonly taints?: readonly Taint[];
  };
}

/** How an Application on several clusters shares its replicas (Karmada's Duplicated / Divided with static weights). */
export interface ApplicationDistribution {
  /** duplicated (default): every cluster runs spec.replicas; divided: split by weights. */
  readonly replicas?: 'duplicated' | 'divided';
  /** divided only: a positive whole-number weight per listed cluster; equal weights when absent. */
  readonly weights?: Readonly<Record<string, number>>;
}

/** Changes for one cluster of an Application on several clusters (Karmada's OverridePolicy). */
export interface ClusterOverride {
  readonly cluster: string;
  readonly image?: string;
  /** Wins over the division for this cluster. */
  readonly replicas?: number;
  readonly env?: Readonly<Record<string, string>>;
  readonly placement?: { readonly nodePool?: string; readonly spread?: string };
}

/** The fields of an Application that say where it runs; the rest are read by the renderer. */
export interface Application {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    /** Exactly one of cluster and clusters. */
    readonly cluster?: string;
    readonly clusters?: readonly string[];
    readonly image?: string;
    readonly replicas?: number;
    readonly distribution?: ApplicationDistribution;
    readonly overrides?: readonly ClusterOverride[];
    readonly placement?: { readonly nodePool?: string; readonly spread?: string };
    readonly scaling?: { readonly min?: number; readonly max?: number; readonly targetCPU?: number };
  };
}

type Loose = { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; spec?: unknown } | null | undefined;

function isPlatformDocument(value: unknown, kind: string): boolean {
  const doc = value as Loose;
  return (
    typeof doc === 'object' &&
    doc !== null &&
    doc.apiVersion === PLATFORM_API_VERSION &&
    doc.kind === kind &&
    typeof doc.metadata?.name === 'string' &&
    typeof doc.spec === 'object' &&
    doc.spec !== null
  );
}

/** A Cluster of the served API version with a name and a spec. */
export function isCluster(value: unknown): value is Cluster {
  return isPlatformDocument(value, 'Cluster');
}

/** A NodePool of the served API version with a name and a spec. */
export function isNodePool(value: unknown): value is NodePool {
  return isPlatformDocument(value, 'NodePool');
}

/** An Application of the served API version with a name and a spec. */
export function isApplication(value: unknown): value is Application {
  return isPlatformDocument(value, 'Application');
}

/** The clusters an Application names: `spec.cluster`, or the names in `spec.clusters` (first of each). */
export function applicationClusters(app: Application): string[] {
  if (Array.isArray(app.spec.clusters)) return [...new Set(app.spec.clusters.filter((c): c is string => typeof c === 'string'))];
  return typeof app.spec.cluster === 'string' ? [app.spec.cluster] : [];
}

/** The Clusters among parsed documents, in document order. */
export function clustersIn(documents: readonly unknown[]): Cluster[] {
  return documents.filter(isCluster);
}

/** The NodePools among parsed documents that belong to the named cluster, in document order. */
export function poolsOfCluster(documents: readonly unknown[], cluster: string): NodePool[] {
  return documents.filter(isNodePool).filter((pool) => pool.spec.cluster === cluster);
}
