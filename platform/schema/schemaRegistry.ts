import type { KindInfo, KubernetesSchemaSource, SchemaLookup } from './lookup';
import { CrdCatalog } from './crd/crdCatalog';
import { PlatformSchemas } from './platformSchemas';

/**
 * Dispatches an (apiVersion, kind) pair to exactly one schema: Berth's platform API or the
 * Kubernetes schemas of the target version. Never a oneOf over every kind.
 */
export class SchemaRegistry {
  constructor(
    readonly platform: PlatformSchemas,
    readonly kubernetes: KubernetesSchemaSource,
    /** CRDs of the workspace, the cluster and the bundled catalog: the groups Kubernetes does not build in. */
    readonly crds: CrdCatalog = new CrdCatalog(),
  ) {}

  lookup(apiVersion: string, kind: string, kubernetesVersion: string): SchemaLookup {
    if (this.platform.isPlatformApiVersion(apiVersion)) return this.platform.lookup(apiVersion, kind);
    const builtIn = this.kubernetes.lookup(kubernetesVersion, apiVersion, kind);
    return builtIn.status === 'not-kubernetes' ? this.crds.lookup(apiVersion, kind, kubernetesVersion) : builtIn;
  }

  /** Kinds completion offers for a Kubernetes version: Berth's first, then the built-in ones. */
  kinds(kubernetesVersion: string): readonly KindInfo[] {
    return [...this.platform.kinds(), ...this.kubernetes.kinds(kubernetesVersion), ...this.crds.kinds()];
  }

  kubernetesVersions(): readonly string[] {
    return this.kubernetes.versions();
  }
}
