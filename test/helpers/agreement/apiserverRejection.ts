// What kind of "no" kubectl's dry run said. Only a refusal of the document's content (it would be
// refused by any cluster of this version) is one Berth should match. Not counted: refusals that
// depend on the cluster (a missing service account, admission, the service IP range, dual-stack,
// an existing object's immutable fields) and limits of `kubectl apply` itself (generateName, the
// 256 KiB last-applied annotation of client-side apply, an empty List).

export type RejectionKind = 'content' | 'environment' | 'tool' | 'unclassified';

export interface Rejection {
  kind: RejectionKind;
  reason: string;
  message: string;
}

/** The error lines of kubectl's stderr, warnings dropped, joined. */
export function errorText(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('Warning:'))
    .join('\n')
    .trim();
}

/** Causes of an Invalid refusal that depend on the cluster, not on the document. */
const CLUSTER_CAUSES = [
  /field is immutable|may not be changed|updates to .* (are|is) forbidden/i,
  /failed to allocate IP|not in the valid range/,
  /not configured for dual-stack|not configured on this cluster/,
];

/** kubectl's client-side apply stores the whole object in an annotation limited to 256 KiB. */
const LAST_APPLIED_TOO_LONG = /^metadata\.annotations: Too long: may not be more than 262144 bytes/;

/** The causes of an Invalid refusal: `X "n" is invalid: a: …` or `… is invalid: [a: …, b: …]` or a `* a: …` list. */
export function invalidCauses(message: string): string[] {
  const body = / is invalid: ([\s\S]*)$/.exec(message)?.[1]?.trim() ?? '';
  if (body.startsWith('*') || body.includes('\n* ')) return body.split(/\n?\* /).map((c) => c.trim()).filter(Boolean);
  return body.replace(/^\[|\]$/g, '').split(/, (?=[a-zA-Z][\w.[\]/-]*: )/);
}

function classifyInvalid(message: string): Rejection {
  const causes = invalidCauses(message);
  if (causes.length > 0 && causes.every((c) => LAST_APPLIED_TOO_LONG.test(c))) return { kind: 'tool', reason: 'last-applied annotation over 256 KiB (client-side apply)', message };
  const content = causes.filter((c) => !LAST_APPLIED_TOO_LONG.test(c) && !CLUSTER_CAUSES.some((p) => p.test(c)));
  if (content.length > 0) return { kind: 'content', reason: 'Invalid', message };
  return { kind: 'environment', reason: 'Invalid for reasons of this cluster', message };
}

/** kubectl prints one error per object (a List has several): each starts a line of its own. */
function splitErrors(message: string): string[] {
  return message.split(/\n(?=Error from server|error: |The \S+ "[^"]*" is invalid)/);
}

const PRECEDENCE: RejectionKind[] = ['content', 'environment', 'tool', 'unclassified'];

/**
 * The verdict on kubectl's stderr for one document: a content refusal if any of its errors is one.
 * `releaseKinds` (`apiVersion kind`) tells a kind switched off on this cluster from one the release
 * does not have.
 */
export function classifyRejection(stderr: string, releaseKinds: ReadonlySet<string>): Rejection {
  const message = errorText(stderr);
  const each = splitErrors(message).map((m) => classifyOne(m, releaseKinds));
  const first = PRECEDENCE.map((kind) => each.find((r) => r.kind === kind)).find(Boolean) ?? { kind: 'unclassified', reason: 'no error printed', message };
  return { ...first, message };
}

function classifyOne(message: string, releaseKinds: ReadonlySet<string>): Rejection {
  const reason = /^Error from server \((\w+)\)/m.exec(message)?.[1] ?? (/^The \S+ "[^"]*" is invalid:/m.test(message) ? 'Invalid' : undefined);
  if (reason === 'Invalid') return classifyInvalid(message);
  if (reason === 'BadRequest') return { kind: 'content', reason: /strict decoding error/.test(message) ? 'BadRequest (strict decoding)' : 'BadRequest', message };
  if (reason === 'UnsupportedMediaType' || reason === 'RequestEntityTooLarge') return { kind: 'content', reason, message };
  if (reason) return { kind: 'environment', reason, message };
  // kubectl's own refusals, before or instead of a request.
  if (/cannot use generate name with apply|no objects passed to apply/.test(message)) return { kind: 'tool', reason: 'kubectl apply cannot apply it', message };
  const unserved = /no matches for kind "([^"]+)" in version "([^"]+)"/.exec(message);
  if (unserved) {
    return releaseKinds.has(`${unserved[2]} ${unserved[1]}`)
      ? { kind: 'environment', reason: 'API version not enabled on this cluster', message }
      : { kind: 'content', reason: 'kind or version not in this release', message };
  }
  if (/resource name may not be empty/.test(message)) return { kind: 'content', reason: 'no name', message };
  if (/error (parsing|converting YAML|validating)|yaml: |json: |Object 'Kind' is missing|unable to decode|is not a list/i.test(message)) {
    return { kind: 'content', reason: 'does not decode', message };
  }
  if (/does not match the namespace|namespaces? "[^"]*" not found/.test(message)) return { kind: 'environment', reason: 'namespace', message };
  return { kind: 'unclassified', reason: 'unclassified', message };
}
