/**
 * Every failure of a cluster operation, as a value. Each carries a message a user can act on:
 * what was attempted (verb, resource, namespace, name), against which server, and what to do.
 */
export type KubeErrorKind =
  | 'invalidKubeconfig' // the kubeconfig cannot be read, parsed, or names no usable context
  | 'unreachable' // connection refused, DNS failure, TLS failure, reset
  | 'timeout' // no answer within the operation's deadline
  | 'cancelled' // the caller's AbortSignal fired
  | 'unauthorized' // 401: credentials missing, expired or rejected
  | 'forbidden' // 403: RBAC denies this verb on this resource
  | 'notFound' // 404
  | 'conflict' // 409: already exists, or a field manager conflict on apply
  | 'invalid' // 400/422: the object was rejected by validation or admission
  | 'tool' // an external tool (kwokctl, kind) failed or is missing
  | 'restricted' // Workspace Trust: the workspace is restricted, so no program (exec plugin, kind, kwokctl) may run
  | 'server'; // anything else the server answered (5xx, unexpected codes)

/** What an operation was doing when it failed; every field is optional except the verb. */
export interface KubeOperation {
  readonly verb: string; // get | list | create | patch | apply | delete | watch | ... (RBAC verbs)
  readonly resource?: string; // plural resource, e.g. deployments, pods/log, deployments/scale
  readonly namespace?: string;
  readonly name?: string;
  readonly server?: string;
  readonly context?: string;
  /** The kubeconfig user whose credentials were sent. */
  readonly user?: string;
}

export interface KubeError {
  readonly kind: KubeErrorKind;
  readonly message: string;
  readonly operation?: KubeOperation;
  /** HTTP status for server answers. */
  readonly status?: number;
  /** The server's own reason text (Status.message), when there was one. */
  readonly detail?: string;
  /**
   * A change whose request reached the server before the connection broke: the server may have
   * made it. Retrying an apply is safe; the caller must not report it as certainly not done.
   */
  readonly outcomeUnknown?: true;
}

export function kubeError(kind: KubeErrorKind, message: string, extra: Partial<Omit<KubeError, 'kind' | 'message'>> = {}): KubeError {
  return { kind, message, ...extra };
}

/** The same error for a change that had been sent when the connection broke (see KubeError.outcomeUnknown). */
export function withUnknownOutcome(error: KubeError): KubeError {
  if (error.outcomeUnknown || error.kind === 'cancelled') return error;
  return {
    ...error,
    outcomeUnknown: true,
    message: `${error.message} The request had reached the server, so the change may have been made: check, or run it again.`,
  };
}

/** Why an object after a fatal failure was not even tried: the same kind, naming the cause. */
export function notAttempted(cause: KubeError, op?: KubeOperation): KubeError {
  const why: Partial<Record<KubeErrorKind, string>> = {
    unreachable: 'the cluster became unreachable',
    timeout: 'a request timed out',
    cancelled: 'it was cancelled',
    unauthorized: 'the server rejected the credentials',
    invalidKubeconfig: 'the kubeconfig cannot be used',
    restricted: 'the workspace is restricted',
  };
  return kubeError(cause.kind, `Not attempted: the operation stopped earlier because ${why[cause.kind] ?? `of a ${cause.kind} error`}.`, { ...(op ? { operation: op } : {}), detail: cause.message });
}

/**
 * What the server's 403 text says was denied: `User "system:serviceaccount:ns:sa" cannot patch
 * resource "deployments/scale" in API group "apps" in the namespace "ns"`.
 */
function denial(detail: string | undefined): { subject?: string; verb?: string; resource?: string } {
  const subject = /\bUser "([^"]+)"/.exec(detail ?? '')?.[1];
  const rule = /\bcannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?/.exec(detail ?? '');
  const resource = rule ? (rule[3] ? `${rule[2]}.${rule[3]}` : rule[2]) : undefined;
  return { ...(subject ? { subject } : {}), ...(rule?.[1] ? { verb: rule[1] } : {}), ...(resource ? { resource } : {}) };
}

/** "create deployments "web" in namespace "shop"" */
export function describeOperation(op: KubeOperation): string {
  const parts = [op.verb];
  if (op.resource) parts.push(op.resource);
  if (op.name) parts.push(`"${op.name}"`);
  if (op.namespace) parts.push(`in namespace "${op.namespace}"`);
  return parts.join(' ');
}

function where(op: KubeOperation): string {
  if (op.context && op.server) return ` (context "${op.context}", server ${op.server})`;
  if (op.server) return ` (server ${op.server})`;
  if (op.context) return ` (context "${op.context}")`;
  return '';
}

/** The Kubernetes Status object a failed request returns, when the body is one. */
interface StatusBody {
  readonly kind?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly details?: { causes?: { field?: string; message?: string }[] };
}

function statusBody(body: unknown): StatusBody | undefined {
  if (typeof body === 'string') {
    try {
      return statusBody(JSON.parse(body));
    } catch {
      return body.trim() ? { message: body.trim().slice(0, 500) } : undefined;
    }
  }
  if (body && typeof body === 'object') return body as StatusBody;
  return undefined;
}

/** Maps an HTTP answer with a non-2xx status to a typed error. */
export function errorFromStatus(status: number, body: unknown, op: KubeOperation): KubeError {
  const s = statusBody(body);
  const detail = s?.message;
  const what = describeOperation(op);
  const at = where(op);
  const extra = { operation: op, status, ...(detail ? { detail } : {}) };
  switch (status) {
    case 401:
      return kubeError(
        'unauthorized',
        `Cannot ${what}${at}: the server rejected the credentials${op.user ? ` of kubeconfig user "${op.user}"` : ''} (401 Unauthorized); the token or certificate is expired, revoked or wrong. Log in again or get a new token for this user, then retry.`,
        extra,
      );
    case 403: {
      const denied = denial(detail);
      const who = denied.subject ? `user "${denied.subject}"${op.user && op.user !== denied.subject ? ` (kubeconfig user "${op.user}")` : ''}` : op.user ? `kubeconfig user "${op.user}"` : 'you';
      // RBAC knows no "apply": server-side apply needs "patch" (the server's text says which verb).
      const verb = denied.verb ?? (op.verb.startsWith('apply') ? 'patch' : op.verb);
      return kubeError(
        'forbidden',
        `Forbidden: ${who} may not ${what}${at}. Ask an administrator for RBAC permission to "${verb}" ${denied.resource ?? op.resource ?? 'this resource'}${op.namespace ? ` in namespace "${op.namespace}"` : ''}.${detail ? ` Server: ${detail}` : ''}`,
        extra,
      );
    }
    case 404:
      return kubeError(
        'notFound',
        `Not found: cannot ${what}${at}.${op.namespace ? ' Check the name and the namespace.' : ' Check the name.'}${detail ? ` Server: ${detail}` : ''}`,
        extra,
      );
    case 409:
      return kubeError(
        'conflict',
        s?.reason === 'AlreadyExists'
          ? `Conflict: cannot ${what}${at}: it already exists.`
          : `Conflict: cannot ${what}${at}: ${detail ?? 'the object was changed by someone else'}. Re-read it and retry, or take over the conflicting fields.`,
        extra,
      );
    case 400:
    case 422: {
      const causes = (s?.details?.causes ?? []).map((c) => `${c.field ? `${c.field}: ` : ''}${c.message ?? ''}`).filter(Boolean);
      return kubeError(
        'invalid',
        `Invalid: cannot ${what}${at}: ${causes.length > 0 ? causes.join('; ') : (detail ?? 'the server rejected the request')}`,
        extra,
      );
    }
    default:
      return kubeError('server', `The server failed to ${what}${at}: ${status}${detail ? ` ${detail}` : ''}`, extra);
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Maps anything thrown while talking to a server (socket errors, aborts, client-node's
 * ApiException with `code` and `body`) to a typed error. Never throws.
 */
export function errorFromException(error: unknown, op: KubeOperation, timeoutMs?: number): KubeError {
  const e = error as { name?: string; code?: unknown; body?: unknown; message?: string; cause?: unknown } | undefined;
  const what = describeOperation(op);
  const at = where(op);
  if (e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT' || e?.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return kubeError('timeout', `Timed out${timeoutMs ? ` after ${timeoutMs / 1000}s` : ''} trying to ${what}${at}. The server may be down, overloaded or behind a firewall.`, { operation: op });
  }
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') {
    return kubeError('cancelled', `Cancelled: ${what}${at}.`, { operation: op });
  }
  if (typeof e?.code === 'number') return errorFromStatus(e.code, e.body, op);
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && UNREACHABLE_CODES.has(code)) {
    const hint = code.startsWith('CERT') || code.includes('CERT') || code.startsWith('ERR_TLS') || code.includes('VERIFY')
      ? 'the TLS certificate is not trusted: check certificate-authority in the kubeconfig'
      : 'is the cluster running, and is the server address in the kubeconfig right?';
    return kubeError('unreachable', `Cannot reach the cluster to ${what}${at}: ${code}; ${hint}`, { operation: op, detail: e?.message ?? code });
  }
  const message = e?.message ?? String(error);
  return kubeError('server', `Failed to ${what}${at}: ${message}`, { operation: op, detail: message });
}

/** One line for a CLI or a notification. */
export function formatKubeError(error: KubeError): string {
  return error.message;
}
