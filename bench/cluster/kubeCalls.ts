/**
 * The few raw API calls the bench makes to set up and tear down (through Berth's own client, so
 * no second HTTP stack is loaded), with the retry that setting up thousands of objects on a
 * busy two-core machine needs: a request that timed out or met a 429/5xx is tried again.
 */
import { formatKubeError, type KubeClient, type KubeError, type KubeObject, type RequestOptions, type Response } from '../../kube';
import type { Result } from '../../platform/result';

const TRANSIENT: ReadonlySet<KubeError['kind']> = new Set(['timeout', 'unreachable', 'server']);

export async function withRetry<T>(call: () => Promise<Result<Response<T>, KubeError>>, attempts = 6): Promise<Result<Response<T>, KubeError>> {
  let last: Result<Response<T>, KubeError> | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    last = await call();
    if (last.ok) return last;
    const e = last.error;
    // A pod created before its namespace's default service account exists is refused (403) by
    // the ServiceAccount admission plugin; the account follows within moments.
    const accountPending = e.kind === 'forbidden' && /service ?account/i.test(e.detail ?? e.message);
    if (!TRANSIENT.has(e.kind) && e.status !== 429 && !accountPending) return last;
    await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
  }
  return last!;
}

/** A request that must succeed (or meet one of `tolerated`); throws with the API's message otherwise. */
export async function must<T = unknown>(client: KubeClient, options: RequestOptions, tolerated: readonly KubeError['kind'][] = []): Promise<T | undefined> {
  const r = await withRetry(() => client.request<T>(options));
  if (r.ok) return r.value.body;
  if (tolerated.includes(r.error.kind)) return undefined;
  throw new Error(formatKubeError(r.error));
}

export function createIn(client: KubeClient, object: KubeObject, path: string, tolerated: readonly KubeError['kind'][] = ['conflict']): Promise<unknown> {
  return must(client, { method: 'POST', path, body: object, operation: { verb: 'create', resource: path.split('/').pop() ?? path, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}), ...(object.metadata.name ? { name: object.metadata.name } : {}) } }, tolerated);
}

export async function listNames(client: KubeClient, path: string, labelSelector: string): Promise<{ name: string; terminating: boolean }[]> {
  const body = await must<{ items: KubeObject[] }>(client, { method: 'GET', path, query: { labelSelector }, operation: { verb: 'list', resource: path.split('/').pop() ?? path } });
  return (body?.items ?? []).map((i) => ({ name: i.metadata.name ?? '', terminating: Boolean(i.metadata['deletionTimestamp']) }));
}
