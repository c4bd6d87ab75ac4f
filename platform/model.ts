/**
 * The platform's documents as typed values: a Cluster, its NodePools and the instance types of the
 * catalog (schemas/platform/instance-catalog.json), as provisioning, scaling and the front ends
 * read them. The shapes follow schemas/platform/v1alpha1.json; fields the schema makes optional
 * stay optional, since a document is used before (or without) being validated.
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


/** The Clusters among parsed documents, in document order. */
export function clustersIn(documents: readonly unknown[]): Cluster[] {
  return documents.filter(isCluster);
}

/** The NodePools among parsed documents that belong to the named cluster, in document order. */
export function poolsOfCluster(documents: readonly unknown[], cluster: string): NodePool[] {
  return documents.filter(isNodePool).filter((pool) => pool.spec.cluster === cluster);
}
