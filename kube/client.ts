/**
 * The one way Berth talks to a Kubernetes API server. @kubernetes/client-node supplies the
 * credentials (client certificates, tokens, exec and auth-provider plugins, proxies) through
 * KubeConfig.applyToHTTPSOptions; requests go over node:http(s) so that each one carries a
 * deadline and the caller's AbortSignal, and every failure comes back as a KubeError value with
 * the connection's credentials redacted. Three shapes of exchange: a whole answer (`request`),
 * a watch's events (`watch`) and a long-lived chunked body such as a followed log (`stream`).
 * The client library is imported on first connect, never at startup.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { err, ok, type Result } from '../platform/result';
import { errorFromException, errorFromStatus, kubeError, withUnknownOutcome, type KubeError, type KubeOperation } from './errors';
import { programRefusal, type KubeTarget } from './kubeconfig';
import { credentialValues, redactError, serverCredentials } from './redact';
import { sameTlsIdentity, tlsIdentityOf, type TlsIdentity } from './tlsIdentity';
import { openChannelSocket, type ChannelSocket } from './webSocket';

export type { ChannelSocket } from './webSocket';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ConnectOptions {
  /** The deadline of every request that names none (for a watch: of its connection); default 30 s. */
  readonly timeoutMs?: number;
}

/** Options of a watch request. */
export interface WatchOptions extends Omit<RequestOptions, 'method' | 'body' | 'text'> {
  /** Called once the server has accepted the watch (200 and headers), before any event. */
  readonly onOpen?: () => void;
}

/** Options of a stream request (always a GET): its deadline is the time to the server's first answer. */
export type StreamOptions = Omit<RequestOptions, 'method' | 'body' | 'text' | 'contentType'>;

/** Options of a WebSocket upgrade to a streaming subresource (pods/exec, pods/portforward). */
export interface UpgradeOptions {
  /** Path below the server, e.g. /api/v1/namespaces/x/pods/web-1/exec. */
  readonly path: string;
  /** Repeated keys (exec's `command`) are given as lists. */
  readonly query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  /** The channel subprotocols offered, best first; the server picks one. */
  readonly protocols: readonly string[];
  readonly operation: KubeOperation;
  readonly signal?: AbortSignal;
  /** The deadline of the handshake only: an open stream may stay quiet for hours. */
  readonly timeoutMs?: number;
}

export interface RequestOptions {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server, e.g. /api/v1/namespaces/x/pods. */
  readonly path: string;
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  /** Default application/json; apply patches use application/apply-patch+yaml (JSON is valid YAML). */
  readonly contentType?: string;
  /** What this request does, for error messages (verb, resource, namespace, name). */
  readonly operation: KubeOperation;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Return the body as text instead of parsing JSON (logs). */
  readonly text?: boolean;
  /** The Accept header, when not plain JSON (a metadata-only list, say). */
  readonly accept?: string;
}

export interface Response<T> {
  readonly status: number;
  readonly body: T;
}

export interface WatchEvent<T> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: T;
}

/** A connection to one context. Cheap to create; holds no sockets between requests. */
export interface KubeClient {
  readonly target: KubeTarget;
  /** The context's name and its server, for messages. */
  readonly context: string;
  readonly server: string;
  /** The default namespace of this connection. */
  readonly namespace: string;
  request<T = unknown>(options: RequestOptions): Promise<Result<Response<T>, KubeError>>;
  /**
   * Streams a watch (`?watch=1`) and calls `onEvent` for each event until the server closes the
   * stream, `onEvent` returns true (done), the signal fires or the deadline passes.
   */
  watch<T = unknown>(options: WatchOptions, onEvent: (event: WatchEvent<T>) => boolean | void): Promise<Result<'done' | 'closed', KubeError>>;
  /**
   * Reads a long-lived chunked body (a followed log) and hands each piece of text to `onChunk` as
   * it arrives, until the server ends it ('ended'), the signal fires (a `cancelled` error) or the
   * connection is cut. Only the wait for the server's answer has a deadline: a followed log may
   * stay quiet for hours.
   */
  stream(options: StreamOptions, onChunk: (text: string) => void): Promise<Result<'ended', KubeError>>;
  /**
   * Opens a WebSocket speaking one of `protocols` (exec, port-forward): resolves once it is open,
   * or with the server's refusal (403, 404...) as a typed error.
   */
  upgrade(options: UpgradeOptions): Promise<Result<ChannelSocket, KubeError>>;
}

type ClientNode = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
let clientNode: Promise<ClientNode> | undefined;

/** The client library, loaded once on first use. */
function loadClientNode(): Promise<ClientNode> {
  clientNode ??= import('@kubernetes/client-node');
  return clientNode;
}

/** The target as a one-context kubeconfig in kubectl's own format, for client-node to read. */
function singleContextConfig(target: KubeTarget): unknown {
  const clusterFields: Record<string, unknown> = { ...target.cluster.fields };
  // client-node refuses plain http unless TLS checks are off; for http they are moot anyway.
  if (target.cluster.server.startsWith('http:')) clusterFields['insecure-skip-tls-verify'] = true;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: target.cluster.name, cluster: clusterFields }],
    users: [{ name: target.user.name, user: target.user.fields }],
    contexts: [{ name: target.context.name, context: { cluster: target.cluster.name, user: target.user.name, namespace: target.namespace } }],
    'current-context': target.context.name,
  };
}

/**
 * The TLS context of these credentials, or undefined when they cannot make one (a key that is not
 * PEM): then the connection fails as it would have, with the error the request reports.
 */
function secureContextOf(options: tls.SecureContextOptions): tls.SecureContext | undefined {
  try {
    return tls.createSecureContext(options);
  } catch {
    return undefined;
  }
}

/** Connects to the target's context: loads the client library and its credentials. Never throws. */
export async function connect(target: KubeTarget, connectOptions: ConnectOptions = {}): Promise<Result<KubeClient, KubeError>> {
  const context = target.context.name;
  const user = target.user.name;
  const defaultTimeoutMs = connectOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // kubectl sends no credentials for a context whose user no file defines; a 401 must say why.
  const userDefined = target.kubeconfig?.users?.some((u) => u.name === user) ?? true;
  const rejected = (status: number, body: unknown, op: KubeOperation): KubeError => {
    const e = errorFromStatus(status, body, op);
    if (userDefined || (e.kind !== 'unauthorized' && e.kind !== 'forbidden')) return e;
    return { ...e, message: `${e.message} Note: context "${context}" names user "${user}", which no kubeconfig file defines, so no credentials were sent.` };
  };
  // Checked here as well as in selectTarget: a target assembled by hand must not run an exec plugin either.
  const refused = programRefusal(target);
  if (refused) return err(refused);
  const server = target.cluster.server.replace(/\/+$/, '');
  // Everything this connection authenticates with, kept out of its error messages (redact.ts).
  const credentials = new Set([...credentialValues(undefined, target.user.fields), ...serverCredentials(server)]);
  let kc: InstanceType<ClientNode['KubeConfig']>;
  try {
    const k8s = await loadClientNode();
    kc = new k8s.KubeConfig();
    kc.loadFromString(JSON.stringify(singleContextConfig(target)));
  } catch (error) {
    return err(redactError(kubeError('invalidKubeconfig', `Context "${context}" cannot be used: ${(error as Error).message}. Check its cluster and user in ${target.context.file}.`), credentials));
  }
  try {
    new URL(server);
  } catch {
    return err(redactError(kubeError('invalidKubeconfig', `Cluster "${target.cluster.name}" in ${target.cluster.file} has an invalid server address "${server}".`), credentials));
  }

  // client-node's applyToHTTPSOptions makes a new Agent on every call, so every request would
  // open a new connection and redo the TLS handshake (the cluster bench measured a 500-object
  // deploy at 2.5 times kubectl's time); one keep-alive agent per TLS identity (CA, client
  // certificate and key, as read for this request) is reused instead. Idle sockets are closed
  // after 30 s, before the apiserver's own idle timeout, so a request never lands on a socket
  // the server is closing. The TLS context (CA, certificate and key, parsed) is shared as well:
  // where something replaces the agent (VS Code's proxy support does, in the extension host), each
  // request opens its own connection, and building the context anew for each blocked the event
  // loop for milliseconds per request.
  let shared: { identity: TlsIdentity; agent: https.Agent; secureContext: tls.SecureContext | undefined } | undefined;
  const prepare = async (op: KubeOperation): Promise<Result<https.RequestOptions, KubeError>> => {
    // tls.connect reads secureContext from the options https passes it; the request type omits it.
    const options: https.RequestOptions & { secureContext?: tls.SecureContext } = {};
    try {
      await kc.applyToHTTPSOptions(options);
      const made = options.agent;
      // Only client-node's plain agent: a proxy agent (hpagent, socks) is left as it is.
      if (made?.constructor === https.Agent) {
        const identity = tlsIdentityOf(options);
        // A rotated certificate gets a new agent; requests still on the old one finish there.
        if (!shared || !sameTlsIdentity(shared.identity, identity)) {
          const { ca, cert, key, pfx, passphrase, servername, rejectUnauthorized } = options;
          shared = {
            identity,
            agent: new https.Agent({ ca, cert, key, pfx, passphrase, servername, ...(rejectUnauthorized === undefined ? {} : { rejectUnauthorized }), keepAlive: true, timeout: 30_000 }),
            secureContext: secureContextOf({ ca, cert, key, pfx, passphrase }),
          };
        }
        options.agent = shared.agent;
        if (shared.secureContext) options.secureContext = shared.secureContext;
        (made as https.Agent).destroy();
      }
      for (const value of credentialValues(options.headers)) credentials.add(value);
      return ok(options);
    } catch (error) {
      return err(kubeError('unauthorized', `Cannot get credentials for context "${context}" to ${op.verb} ${op.resource ?? ''}: ${(error as Error).message}. Check the user "${target.user.name}" in ${target.user.file}.`, { operation: op }));
    }
  };

  /** Opens a request; resolves with the response stream or a typed error. */
  const open = async (options: RequestOptions, watching: boolean): Promise<Result<{ res: http.IncomingMessage; abort: AbortController; timer: NodeJS.Timeout; timedOut: () => boolean }, KubeError>> => {
    const op: KubeOperation = { ...options.operation, server, context, user };
    if (options.signal?.aborted) return err(kubeError('cancelled', `Cancelled: ${op.verb} ${op.resource ?? ''}.`, { operation: op }));
    const prepared = await prepare(op);
    if (!prepared.ok) return prepared;
    const url = new URL(server + options.path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const onCallerAbort = () => abort.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: Record<string, string> = { Accept: options.accept ?? (options.text ? '*/*' : 'application/json') };
    for (const [key, value] of Object.entries(prepared.value.headers ?? {})) if (value !== undefined) headers[key] = String(value);
    if (body !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    };
    return new Promise((resolve) => {
      const mod = url.protocol === 'http:' ? http : https;
      let req: http.ClientRequest;
      try {
        req = mod.request(url, { ...prepared.value, method: options.method, headers, signal: abort.signal });
      } catch (error) {
        // Node checks headers and TLS material before sending: a token holding a newline, a client key that is not PEM.
        cleanup();
        return resolve(err(kubeError('invalidKubeconfig', `The credentials of user "${target.user.name}" (context "${context}") cannot be used: ${(error as Error).message}. Check the user in ${target.user.file}.`, { operation: op })));
      }
      // Once a change has reached the server, a broken connection does not mean it was not made.
      let sent = false;
      req.on('finish', () => (sent = true));
      const uncertain = (e: KubeError) => (sent && options.method !== 'GET' ? withUnknownOutcome(e) : e);
      req.on('error', (error) => {
        cleanup();
        if (timedOut) resolve(err(uncertain(kubeError('timeout', `Timed out after ${timeoutMs / 1000}s trying to ${op.verb} ${op.resource ?? ''}${op.name ? ` "${op.name}"` : ''} (context "${context}", server ${server}). Is the cluster running and reachable?`, { operation: op }))));
        else resolve(err(uncertain(errorFromException(error, op, timeoutMs))));
      });
      req.on('response', (res) => {
        if (!watching) {
          // The deadline covers the whole exchange; for watches, only the connection.
        } else {
          clearTimeout(timer);
        }
        resolve(ok({ res, abort, timer, timedOut: () => timedOut }));
        res.on('close', cleanup);
      });
      if (body !== undefined) req.write(body);
      req.end();
    });
  };

  const readAll = (res: http.IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      // Decoded as it arrives: no second copy of a large body (a 10,000-pod list is ~36 MB).
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
      res.on('error', reject);
    });

  const client: KubeClient = {
    target,
    context,
    server,
    namespace: target.namespace,
    async request<T>(options: RequestOptions): Promise<Result<Response<T>, KubeError>> {
      const opened = await open(options, false);
      if (!opened.ok) return opened;
      const { res, timedOut } = opened.value;
      const op: KubeOperation = { ...options.operation, server, context, user };
      let text: string;
      try {
        text = await readAll(res);
      } catch (error) {
        // The server answered, so it has decided; only the rest of its answer was lost.
        const lost = timedOut()
          ? kubeError('timeout', `Timed out reading the answer to ${op.verb} ${op.resource ?? ''} (context "${context}").`, { operation: op })
          : errorFromException(error, op);
        return err(options.method === 'GET' ? lost : withUnknownOutcome(lost));
      }
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) return err(rejected(status, text, op));
      if (options.text) return ok({ status, body: text as T });
      try {
        return ok({ status, body: (text ? JSON.parse(text) : undefined) as T });
      } catch {
        return err(kubeError('server', `The server answered ${op.verb} ${op.resource ?? ''} with something that is not JSON (context "${context}", server ${server}); is this a Kubernetes API server?`, { operation: op, status }));
      }
    },
    async watch<T>(options: WatchOptions, onEvent: (event: WatchEvent<T>) => boolean | void): Promise<Result<'done' | 'closed', KubeError>> {
      const { onOpen, ...request } = options;
      const opened = await open({ ...request, method: 'GET', query: { ...request.query, watch: 1 } }, true);
      if (!opened.ok) return opened;
      const { res, abort } = opened.value;
      const op: KubeOperation = { ...options.operation, server, context, user };
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) return err(rejected(status, await readAll(res).catch(() => ''), op));
      onOpen?.();
      // A server that vanishes without closing the connection (a dropped network, a frozen
      // process) would leave the stream open forever: the watch ends at the latest one request
      // deadline after the server should have ended it itself.
      const serverSeconds = Number(request.query?.['timeoutSeconds']);
      const deadlineMs = (Number.isFinite(serverSeconds) && serverSeconds > 0 ? serverSeconds * 1000 : 0) + (request.timeoutMs ?? defaultTimeoutMs);
      return new Promise((resolve) => {
        let buffered = '';
        let settled = false;
        const deadline = Number.isFinite(serverSeconds) && serverSeconds > 0
          ? setTimeout(() => finish(err(kubeError('timeout', `The watch of ${op.resource ?? ''} went silent: the server did not end it ${Math.round(deadlineMs / 1000 - serverSeconds)}s after its own ${serverSeconds}s limit (context "${context}", server ${server}).`, { operation: op }))), deadlineMs)
          : undefined;
        const finish = (result: Result<'done' | 'closed', KubeError>) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          abort.abort();
          resolve(result);
        };
        res.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (!line) continue;
            let event: WatchEvent<T>;
            try {
              event = JSON.parse(line) as WatchEvent<T>;
            } catch {
              continue;
            }
            if (event.type === 'ERROR') {
              const s = event.object as { code?: number };
              return finish(err(errorFromStatus(s.code ?? 500, event.object, op)));
            }
            if (onEvent(event) === true) return finish(ok('done'));
          }
        });
        // The server ending the stream is 'closed'; the connection breaking mid-stream (the server
        // died, a proxy cut it) is an error, so that callers can tell the two apart.
        const ended = () => {
          if (options.signal?.aborted) finish(err(kubeError('cancelled', `Cancelled: watching ${op.resource ?? ''}.`, { operation: op })));
          else if (res.complete) finish(ok('closed'));
          else finish(err(kubeError('unreachable', `The watch of ${op.resource ?? ''} was cut off before the server ended it (context "${context}", server ${server}).`, { operation: op })));
        };
        res.on('end', () => finish(ok('closed')));
        res.on('error', ended);
        res.on('close', ended);
      });
    },
    async stream(options: StreamOptions, onChunk: (text: string) => void): Promise<Result<'ended', KubeError>> {
      const opened = await open({ ...options, method: 'GET', text: true }, true);
      if (!opened.ok) return opened;
      const { res, abort } = opened.value;
      const op: KubeOperation = { ...options.operation, server, context, user };
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) return err(rejected(status, await readAll(res).catch(() => ''), op));
      return new Promise((resolve) => {
        let settled = false;
        const finish = (result: Result<'ended', KubeError>) => {
          if (settled) return;
          settled = true;
          abort.abort();
          resolve(result);
        };
        res.setEncoding('utf8');
        res.on('data', (text: string) => onChunk(text));
        res.on('end', () => finish(ok('ended')));
        const ended = () => {
          if (options.signal?.aborted) finish(err(kubeError('cancelled', `Cancelled: ${op.verb} ${op.resource ?? ''}${op.name ? ` "${op.name}"` : ''}.`, { operation: op })));
          else if (res.complete) finish(ok('ended'));
          else finish(err(kubeError('unreachable', `The stream of ${op.resource ?? ''}${op.name ? ` "${op.name}"` : ''} was cut off before the server ended it (context "${context}", server ${server}).`, { operation: op })));
        };
        res.on('error', ended);
        res.on('close', ended);
      });
    },
    async upgrade(options: UpgradeOptions): Promise<Result<ChannelSocket, KubeError>> {
      const op: KubeOperation = { ...options.operation, server, context, user };
      const prepared = await prepare(op);
      if (!prepared.ok) return prepared;
      const url = new URL(server + options.path);
      for (const [key, value] of Object.entries(options.query ?? {})) {
        if (Array.isArray(value)) for (const item of value as readonly string[]) url.searchParams.append(key, item);
        else if (value !== undefined) url.searchParams.set(key, String(value));
      }
      return openChannelSocket({
        url,
        protocols: options.protocols,
        prepared: prepared.value,
        operation: op,
        timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        rejected: (status, body) => rejected(status, body, op),
      });
    },
  };
  return ok(withRedactedErrors(client, credentials));
}

/**
 * The client with every error its requests, watches and streams return redacted. `credentials`
 * is live: the connection adds what each request really sent (tokens from exec plugins change).
 */
function withRedactedErrors(client: KubeClient, credentials: ReadonlySet<string>): KubeClient {
  const redacted = <R extends Result<unknown, KubeError>>(r: R): R => (r.ok ? r : ({ ok: false, error: redactError(r.error, credentials) } as R));
  return {
    ...client,
    // Casts keep the methods generic in T; only the error side changes.
    request: ((...args: Parameters<KubeClient['request']>) => client.request(...args).then(redacted)) as KubeClient['request'],
    watch: ((...args: Parameters<KubeClient['watch']>) => client.watch(...args).then(redacted)) as KubeClient['watch'],
    stream: (...args: Parameters<KubeClient['stream']>) => client.stream(...args).then(redacted),
    upgrade: (...args: Parameters<KubeClient['upgrade']>) =>
      client.upgrade(...args).then((r) => (r.ok ? ok({ ...r.value, closed: r.value.closed.then(redacted) }) : redacted(r))),
  };
}
