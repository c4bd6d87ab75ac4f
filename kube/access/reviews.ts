/**
 * What the current identity may do, asked of the server itself: a SelfSubjectRulesReview lists
 * the rules that apply in one namespace (what `kubectl auth can-i --list` prints), a
 * SelfSubjectAccessReview answers one question (`kubectl auth can-i`), and a SelfSubjectReview
 * says who the server takes the caller for. None of them changes anything, and every identity
 * may ask them.
 */
import { ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';

export interface ResourceRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

export interface NonResourceRule {
  readonly verbs: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export interface RulesReview {
  readonly namespace: string;
  readonly resourceRules: readonly ResourceRule[];
  readonly nonResourceRules: readonly NonResourceRule[];
  /** The authorizer could not list every rule (a webhook authorizer, say): a missing right may still be granted. */
  readonly incomplete: boolean;
  readonly evaluationError?: string;
}

/** One question: a verb on a resource (group, resource, subresource, name) or on a URL path. */
export interface AccessQuery {
  readonly verb: string;
  /** "" for the core group. */
  readonly group?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly name?: string;
  /** Left out for cluster-scoped resources and URL paths. */
  readonly namespace?: string;
  /** A non-resource URL (`/healthz`) instead of a resource. */
  readonly path?: string;
}

export interface AccessAnswer {
  readonly allowed: boolean;
  /** The authorizer's explanation, when it gave one. */
  readonly reason?: string;
  readonly evaluationError?: string;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value.slice(0, 2000) : undefined);

/** The rules that apply to the caller in `namespace`. */
export async function reviewRules(client: KubeClient, namespace: string, options: { signal?: AbortSignal } = {}): Promise<Result<RulesReview, KubeError>> {
  const answered = await client.request<{ status?: Record<string, unknown> }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
    operation: { verb: 'create', resource: 'selfsubjectrulesreviews.authorization.k8s.io', namespace },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!answered.ok) return answered;
  const status = answered.value.body?.status ?? {};
  const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : []);
  const evaluationError = text(status['evaluationError']);
  return ok({
    namespace,
    resourceRules: list(status['resourceRules']).map((r) => ({ verbs: strings(r['verbs']), apiGroups: strings(r['apiGroups']), resources: strings(r['resources']), resourceNames: strings(r['resourceNames']) })),
    nonResourceRules: list(status['nonResourceRules']).map((r) => ({ verbs: strings(r['verbs']), nonResourceURLs: strings(r['nonResourceURLs']) })),
    incomplete: status['incomplete'] === true,
    ...(evaluationError ? { evaluationError } : {}),
  });
}

/** Whether the caller may do one thing. */
export async function reviewAccess(client: KubeClient, query: AccessQuery, options: { signal?: AbortSignal } = {}): Promise<Result<AccessAnswer, KubeError>> {
  const spec = query.path !== undefined
    ? { nonResourceAttributes: { verb: query.verb, path: query.path } }
    : {
        resourceAttributes: {
          verb: query.verb,
          group: query.group ?? '',
          resource: query.resource ?? '',
          ...(query.subresource ? { subresource: query.subresource } : {}),
          ...(query.name ? { name: query.name } : {}),
          ...(query.namespace ? { namespace: query.namespace } : {}),
        },
      };
  const answered = await client.request<{ status?: Record<string, unknown> }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec },
    operation: { verb: 'create', resource: 'selfsubjectaccessreviews.authorization.k8s.io', ...(query.namespace ? { namespace: query.namespace } : {}) },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!answered.ok) return answered;
  const status = answered.value.body?.status ?? {};
  const reason = text(status['reason']);
  const evaluationError = text(status['evaluationError']);
  return ok({ allowed: status['allowed'] === true && status['denied'] !== true, ...(reason ? { reason } : {}), ...(evaluationError ? { evaluationError } : {}) });
}

/** The user name the server takes the caller for; undefined when it will not say. */
export async function whoAmI(client: KubeClient, options: { signal?: AbortSignal } = {}): Promise<string | undefined> {
  const answered = await client.request<{ status?: { userInfo?: { username?: unknown } } }>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    operation: { verb: 'create', resource: 'selfsubjectreviews.authentication.k8s.io' },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return answered.ok ? text(answered.value.body?.status?.userInfo?.username) : undefined;
}
