/**
 * Followed logs (`kubectl logs -f`): one long-lived chunked response per container, read as it
 * arrives until the caller aborts or the server ends it. KubeClient.request reads whole bodies,
 * so this opens its own request with the same credentials (client-node's applyToHTTPSOptions over
 * the connection's target) and maps every failure to a KubeError.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { errorFromException, errorFromStatus, kubeError, type KubeError, type KubeOperation } from './errors';

export interface LogQuery {
  readonly container?: string;
  /** Last N lines (before following). */
  readonly tailLines?: number;
  /** Only lines newer than this many seconds. */
  readonly sinceSeconds?: number;
  /** Only lines at or after this time (RFC 3339). */
  readonly sinceTime?: string;
  readonly timestamps?: boolean;
  readonly previous?: boolean;
}

/** The query string parameters of GET pods/log; since wins over sinceTime, as kubectl sends one. */
export function logQuery(query: LogQuery, follow: boolean): Record<string, string | number | boolean | undefined> {
  return {
    container: query.container,
    follow: follow || undefined,
    tailLines: query.tailLines,
    sinceSeconds: query.sinceSeconds,
    sinceTime: query.sinceSeconds === undefined ? query.sinceTime : undefined,
    timestamps: query.timestamps || undefined,
    previous: query.previous || undefined,
  };
}

/** "5s", "10m", "1h30m", "2h" (kubectl's --since) in whole seconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '' || (!m[1] && !m[2] && !m[3])) return undefined;
  const seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return seconds > 0 ? seconds : undefined;
}

/** An RFC 3339 time as the apiserver accepts it for sinceTime; undefined when not one. */
export function parseSinceTime(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  return Number.isNaN(Date.parse(text)) ? undefined : text;
}

export type StreamOpener = (
  client: KubeClient,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
  operation: KubeOperation,
  onText: (text: string) => void,
  signal: AbortSignal,
) => Promise<Result<'ended' | 'cancelled', KubeError>>;

type ClientNode = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
let clientNode: Promise<ClientNode> | undefined;

/** Request options with the target's credentials (certificates, token, exec plugin), as client.ts gets them. */
async function credentials(client: KubeClient, op: KubeOperation): Promise<Result<https.RequestOptions, KubeError>> {
  const t = client.target;
  const cluster: Record<string, unknown> = { ...t.cluster.fields };
  if (client.server.startsWith('http:')) cluster['insecure-skip-tls-verify'] = true;
  try {
    clientNode ??= import('@kubernetes/client-node');
    const kc = new (await clientNode).KubeConfig();
    kc.loadFromString(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: t.cluster.name, cluster }],
        users: [{ name: t.user.name, user: t.user.fields }],
        contexts: [{ name: t.context.name, context: { cluster: t.cluster.name, user: t.user.name } }],
        'current-context': t.context.name,
      }),
    );
    const options: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    return ok(options);
  } catch (error) {
    return err(kubeError('unauthorized', `Cannot get credentials for context "${client.context}" to ${op.verb} ${op.resource ?? ''}: ${(error as Error).message}. Check the user "${t.user.name}" in ${t.user.file}.`, { operation: op }));
  }
}

/** The real opener: one HTTP(S) request whose body is handed over chunk by chunk. */
export const httpStreamOpener: StreamOpener = async (client, path, query, operation, onText, signal) => {
  const op: KubeOperation = { ...operation, server: client.server, context: client.context };
  if (signal.aborted) return ok('cancelled');
  const prepared = await credentials(client, op);
  if (!prepared.ok) return prepared;
  const url = new URL(client.server + path);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { Accept: '*/*' };
  for (const [key, value] of Object.entries(prepared.value.headers ?? {})) if (value !== undefined) headers[key] = String(value);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: Result<'ended' | 'cancelled', KubeError>) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      resolve(r);
    };
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    // Only the connection has a deadline: a followed log may stay quiet for hours.
    const connectTimer = setTimeout(() => {
      controller.abort();
      settle(err(kubeError('timeout', `Timed out after 30s trying to ${op.verb} ${op.resource} "${op.name}" (context "${client.context}", server ${client.server}). Is the cluster running and reachable?`, { operation: op })));
    }, 30_000);
    const mod = url.protocol === 'http:' ? http : https;
    const req = mod.request(url, { ...prepared.value, method: 'GET', headers, signal: controller.signal });
    req.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      settle(signal.aborted ? ok('cancelled') : err(errorFromException(error, op)));
    });
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => settle(err(errorFromStatus(status, Buffer.concat(chunks).toString('utf8'), op))));
        res.on('error', () => settle(err(errorFromStatus(status, '', op))));
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (text: string) => onText(text));
      res.on('end', () => settle(ok('ended')));
      res.on('error', () => settle(signal.aborted ? ok('cancelled') : ok('ended')));
      res.on('close', () => {
        signal.removeEventListener('abort', onAbort);
        settle(signal.aborted ? ok('cancelled') : ok('ended'));
      });
    });
    req.end();
  });
};

/** Splits a stream of text into whole lines, holding back an unfinished last line. */
export class LineSplitter {
  private pending = '';

  push(text: string): string[] {
    const joined = this.pending + text;
    const lines = joined.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map((l) => l.replace(/\r$/, ''));
  }

  /** The unfinished last line, if any (when the stream ends). */
  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? [] : [rest];
  }
}

export interface FollowOptions extends LogQuery {
  readonly namespace?: string;
  readonly signal: AbortSignal;
  /** Keep reading as the container writes (follow=true); false reads what is there and ends. */
  readonly follow?: boolean;
  /** For tests: how the request is made. */
  readonly opener?: StreamOpener;
}

/**
 * Reads one container's log line by line until the stream ends or the signal fires. `onLine`
 * gets each whole line without its newline.
 */
export async function streamPodLog(client: KubeClient, pod: string, onLine: (line: string) => void, options: FollowOptions): Promise<Result<'ended' | 'cancelled', KubeError>> {
  const namespace = options.namespace ?? client.namespace;
  const splitter = new LineSplitter();
  const opener = options.opener ?? httpStreamOpener;
  const result = await opener(
    client,
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`,
    logQuery(options, options.follow ?? true),
    { verb: 'get', resource: 'pods/log', namespace, name: pod },
    (text) => splitter.push(text).forEach(onLine),
    options.signal,
  );
  splitter.flush().forEach(onLine);
  return result;
}
