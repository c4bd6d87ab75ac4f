/** A schema found for an (apiVersion, kind) pair. */
export interface SchemaHit {
  readonly status: 'schema';
  /** Stable cache key for the compiled validator, e.g. "1.36/apps/v1/Deployment". */
  readonly key: string;
  /** A self-contained draft-07 schema: the kind's root plus the definitions it needs. */
  readonly schema: object;
  readonly description: string;
  /** Where a schema that is not built in comes from, for hover: "CRD widgets.example.com v1, from crds.yaml". */
  readonly origin?: string;
  /** Set when the version is deprecated: the warning to show. */
  readonly deprecationWarning?: string;
  /** A CRD's structural schema: the apiserver fills in its defaults before validating. */
  readonly appliesDefaults?: boolean;
}

/** What a schema source knows about an (apiVersion, kind) pair. */
export type SchemaLookup =
  | SchemaHit
  | {
      readonly status: 'removed';
      readonly removedIn: string;
      readonly replacement: { readonly apiVersion: string; readonly kind: string } | null;
      readonly notes?: string;
    }
  | { readonly status: 'unknown-kind'; readonly knownKinds: readonly string[] }
  | { readonly status: 'unknown-api-version'; readonly servedVersions: readonly string[]; /** The CRD that serves the other versions. */ readonly crd?: string }
  | { readonly status: 'not-kubernetes' };

/** A kind that completion can offer at the top of a document. */
export interface KindInfo {
  readonly apiVersion: string;
  readonly kind: string;
  readonly description: string;
}

/** The Kubernetes schemas (schemas/kubernetes), by Kubernetes minor version. */
export interface KubernetesSchemaSource {
  versions(): readonly string[];
  lookup(version: string, apiVersion: string, kind: string): SchemaLookup;
  kinds(version: string): readonly KindInfo[];
}
