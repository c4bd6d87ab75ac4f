/** One object the renderer produced, with the document it came from. */
export interface RenderedObject {
  /** The document it came from: the platform document, or the Kubernetes object itself. */
  readonly source: { readonly kind: string; readonly name: string };
  readonly object: Record<string, unknown>;
  /** The cluster it is for, set only for objects of an Application on several `clusters`. */
  readonly cluster?: string;
}
