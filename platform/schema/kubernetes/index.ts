export { KubernetesSchemaStore } from './kubernetesSchemaStore';
export type { KubernetesKindInfo, KubernetesKindLookup, SchemaFileReader } from './kubernetesSchemaStore';
