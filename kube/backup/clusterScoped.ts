/**
 * The cluster-scoped objects a backup keeps (pure): only what the selection's own label ties to
 * it. An Application's or a selector's ClusterRoles and ClusterRoleBindings carry that label; a
 * whole namespace has no such tie, so its backup takes nothing cluster-wide.
 */
import type { BackupSelection } from './select';

export const CLUSTER_SCOPED_KINDS: readonly { readonly apiVersion: string; readonly kind: string }[] = [
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
];

/** The cluster-scoped kinds a selection reads (with its label selector); none for a namespace. */
export function clusterScopedKindsFor(selection: BackupSelection): readonly { readonly apiVersion: string; readonly kind: string }[] {
  return selection.type === 'namespace' ? [] : CLUSTER_SCOPED_KINDS;
}
