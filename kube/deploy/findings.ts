/**
 * Deploy failures mapped back to the documents they came from, so the language server can show
 * them where the user can fix them. Pure.
 */
import type { KubeError } from '../errors';

/** A document that cannot be deployed as it is, and why: shown as a diagnostic on that document. */
export interface DeployFinding {
  /** The source document (file URI) the failing object was rendered from or read from. */
  readonly uri: string;
  /** Index of the YAML document within the file (0-based, counting `---` separated documents). */
  readonly documentIndex: number;
  /** The object that failed, e.g. "Deployment shop/web". */
  readonly object: string;
  /** The apiserver's message (already free of credentials). */
  readonly message: string;
  /** Field path the apiserver blamed, when it said (e.g. "spec.template.spec.containers[0].image"). */
  readonly field?: string;
}

/** Where an object fed to apply came from. */
export interface ObjectSource {
  /** File path or document URI, as the caller knows it; findings carry it back unchanged. */
  readonly uri: string;
  /** 0-based index of the YAML document within the file (`---` separated, as the language server counts). */
  readonly documentIndex: number;
  /**
   * The object was rendered from a platform document (an Application) rather than written in
   * the file: the apiserver's field paths then name the rendered object, not the document.
   */
  readonly rendered?: boolean;
}

/** What a finding needs of a deploy, dry-run or diff result. */
export interface SourcedResult {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly error?: KubeError;
  readonly source?: ObjectSource;
}

/** "Deployment shop/web", "Namespace shop". */
export function objectLabel(r: { readonly kind: string; readonly name: string; readonly namespace?: string }): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/**
 * The field path the apiserver blamed, from its Status message: validation ("… is invalid:
 * spec.x: Required value"), decoding ("… Go struct field DeploymentSpec.spec.replicas of type
 * int32") and strict field validation ("unknown field "spec.foo"").
 */
export function blamedField(error: KubeError): string | undefined {
  const text = error.detail ?? error.message;
  const patterns = [
    /unknown field "([^"]+)"/,
    /Go struct field [A-Za-z0-9_]+\.([A-Za-z0-9_.[\]]+) of type/,
    /is invalid: \[?([A-Za-z.][^\s:,]*): /,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    if (m?.[1]) return m[1].replace(/^\./, '');
  }
  return undefined;
}

/**
 * One finding per failed object that has a source. Objects without a source (nothing to point
 * at) and objects that did not fail give none. The blamed field is kept only for objects
 * written in the file: for rendered objects it names a field the document does not have.
 */
export function deployFindings(results: readonly SourcedResult[]): DeployFinding[] {
  const findings: DeployFinding[] = [];
  for (const r of results) {
    if (!r.error || !r.source) continue;
    const field = r.source.rendered ? undefined : blamedField(r.error);
    findings.push({
      uri: r.source.uri,
      documentIndex: r.source.documentIndex,
      object: objectLabel(r),
      message: r.error.message,
      ...(field ? { field } : {}),
    });
  }
  return findings;
}
