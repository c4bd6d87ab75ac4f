import type { KubeError } from '../errors';

/**
 * A dry run cannot check an object in a namespace that the same deploy creates: the server
 * answers that the namespace does not exist. Such an object is reported as created and
 * unchecked rather than refused; the real apply creates the namespace first, and the server
 * checks the object then. Only a dry run has this gap.
 */
export class PendingNamespaces {
  private readonly created = new Set<string>();

  constructor(private readonly dryRun: boolean) {}

  /** Called for every object in apply order (namespaces come first). */
  note(kind: string, name: string, created: boolean): void {
    if (this.dryRun && kind === 'Namespace' && created) this.created.add(name);
  }

  /** Why the object's failure is no refusal, or undefined when it is one. */
  excuse(error: KubeError | undefined, namespace: string | undefined): string | undefined {
    if (!this.dryRun || error?.kind !== 'notFound' || namespace === undefined || !this.created.has(namespace)) return undefined;
    return `not checked: namespace "${namespace}" is created by this deploy, and the server checks the object then`;
  }
}
