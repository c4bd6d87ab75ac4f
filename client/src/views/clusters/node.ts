import type { ContextNode } from './contextNode';
import type { MessageNode } from './messageNode';
import type { NamespaceNode } from './namespaceNode';

/** Every node of the Clusters view, told apart by `kind`. */
export type ClusterNode = ContextNode | NamespaceNode | MessageNode;
