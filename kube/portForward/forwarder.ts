/**
 * A port-forward (`kubectl port-forward`): a TCP listener on 127.0.0.1, and for each connection
 * it accepts one WebSocket to the pod's portforward subresource through the connection's
 * `upgrade`. A Service's or workload's pods are followed through a watch cache of their
 * selector: when the pod being forwarded to goes (deleted, replaced, not ready), the next
 * connection goes to another ready pod, and the caller is told.
 */
import * as net from 'node:net';
import { err, ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import { kubeError, type KubeError } from '../errors';
import { objectPath, staticResource } from '../registry';
import { watchCache, type WatchCache } from '../watchCache';
import { dataFrame, PORT_FORWARD_PROTOCOLS, PortForwardReader } from './frames';
import { isReadyPod, pickReadyPod, resolveForward, type ForwardPod, type ForwardTarget, type PortSpec, type ResolvedForward } from './target';

export const FORWARD_ADDRESS = '127.0.0.1';

/** Above this many bytes queued towards the pod, the local connection stops being read. */
const HIGH_WATER = 1024 * 1024;

export type ForwardEvent =
  /** Connections now go to this pod (`previous`: the pod it replaces, which went away). */
  | { readonly kind: 'pod'; readonly pod: string; readonly port: number; readonly previous?: string }
  /** No pod is ready: connections are refused until one is. */
  | { readonly kind: 'noReadyPod'; readonly previous?: string }
  /** A local connection arrived. */
  | { readonly kind: 'connection' }
  /** One connection failed (the others and the listener go on). */
  | { readonly kind: 'connectionFailed'; readonly message: string };

export interface ForwardOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ForwardEvent) => void;
}

export interface PortForward {
  readonly address: string;
  readonly localPort: number;
  /** The remote side as the user named it, for messages. */
  readonly remoteLabel: string;
  readonly namespace: string;
  /** The pod and port connections go to now; undefined while no pod is ready. */
  current(): { readonly pod: string; readonly port: number } | undefined;
  stop(): void;
  /** Settles when stopped ('stopped'), or with the reason it ended by itself (a single pod went away). */
  readonly done: Promise<Result<'stopped', KubeError>>;
}

function listen(server: net.Server, port: number): Promise<Result<number, KubeError>> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `local port ${port} is in use: pick another, or 0 for any free port`
          : error.code === 'EACCES'
            ? `this user may not listen on local port ${port} (ports below 1024 need privileges): pick another, or 0 for any free port`
            : error.message;
      resolve(err(kubeError('invalid', `Cannot forward from ${FORWARD_ADDRESS}:${port}: ${why}.`)));
    };
    server.once('error', onError);
    server.listen(port, FORWARD_ADDRESS, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(ok(typeof address === 'object' && address ? address.port : port));
    });
  });
}

/** Starts forwarding; resolves once listening, or with why it cannot. */
export async function startPortForward(client: KubeClient, target: ForwardTarget, ports: PortSpec, options: ForwardOptions = {}): Promise<Result<PortForward, KubeError>> {
  const signal = options.signal ? { signal: options.signal } : {};
  const emit = (event: ForwardEvent) => options.onEvent?.(event);
  const resolvedResult = await resolveForward(client, target, ports.remote, signal);
  if (!resolvedResult.ok) return resolvedResult;
  const resolved: ResolvedForward = resolvedResult.value;
  const { namespace } = resolved;
  const what = `${target.kind === 'Pod' ? 'pod' : target.kind} "${target.name}" in namespace "${namespace}"`;

  let cache: WatchCache<ForwardPod> | undefined;
  let first: ForwardPod | undefined;
  if (resolved.selector !== undefined) {
    cache = watchCache<ForwardPod>(client, { apiVersion: 'v1', plural: 'pods' }, { namespace, labelSelector: resolved.selector });
    const synced = await cache.whenSynced({ timeoutMs: 30_000, ...signal });
    if (!synced.ok) {
      cache.dispose();
      return synced;
    }
    first = pickReadyPod(cache.items());
    if (!first) {
      const count = cache.items().length;
      cache.dispose();
      return err(kubeError('notFound', `${what} has no ready pod to forward to (${count} pod${count === 1 ? '' : 's'}, none Running and Ready).`));
    }
  } else {
    const pods = staticResource('Pod');
    const got = await client.request<ForwardPod>({ method: 'GET', path: objectPath(pods, namespace, resolved.podName!), operation: { verb: 'get', resource: 'pods', namespace, name: resolved.podName! }, ...signal });
    if (!got.ok) return got;
    if (!isReadyPod(got.value.body)) return err(kubeError('invalid', `Pod "${resolved.podName}" in namespace "${namespace}" is not running and ready (phase ${got.value.body.status?.phase ?? 'unknown'}).`));
    first = got.value.body;
  }
  const firstPort = resolved.portOn(first);
  if (!firstPort.ok) {
    cache?.dispose();
    return firstPort;
  }
  let current: { pod: string; port: number } | undefined = { pod: first.metadata.name ?? '', port: firstPort.value };

  const server = net.createServer({ pauseOnConnect: true });
  const localWanted = ports.local ?? resolved.defaultLocal ?? firstPort.value;
  const listening = await listen(server, localWanted);
  if (!listening.ok) {
    cache?.dispose();
    return listening;
  }

  const stopper = new AbortController();
  const sockets = new Set<net.Socket>();
  let resolveDone: (r: Result<'stopped', KubeError>) => void = () => undefined;
  const done = new Promise<Result<'stopped', KubeError>>((r) => (resolveDone = r));
  let finished = false;
  let changes: { dispose(): void } | undefined;
  const finish = (result: Result<'stopped', KubeError>) => {
    if (finished) return;
    finished = true;
    stopper.abort();
    server.close();
    for (const socket of sockets) socket.destroy();
    cache?.dispose();
    changes?.dispose();
    options.signal?.removeEventListener('abort', stop);
    resolveDone(result);
  };
  const stop = () => finish(ok('stopped'));
  options.signal?.addEventListener('abort', stop, { once: true });

  /** Moves to another ready pod when the current one is no longer there (or `gone` says it is not). */
  // The pod that went away while no other was ready: the next one picked replaces it.
  let replaced: string | undefined;
  const repick = (gone?: string) => {
    if (!cache) return;
    const items = cache.items();
    const still = current && current.pod !== gone ? items.find((p) => p.metadata.name === current!.pod) : undefined;
    if (still && isReadyPod(still)) return;
    const previous = current?.pod ?? replaced;
    const next = pickReadyPod(items, gone);
    const port = next ? resolved.portOn(next) : undefined;
    if (!next || !port?.ok) {
      if (current !== undefined) {
        replaced = current.pod;
        emit({ kind: 'noReadyPod', previous: current.pod });
      }
      current = undefined;
      return;
    }
    current = { pod: next.metadata.name ?? '', port: port.value };
    replaced = undefined;
    emit({ kind: 'pod', pod: current.pod, port: current.port, ...(previous && previous !== current.pod ? { previous } : {}) });
  };
  changes = cache?.onChange((event) => {
    if (event.type !== 'error') repick();
  });

  const pipe = async (socket: net.Socket, retried: boolean): Promise<void> => {
    const to = current;
    if (!to) {
      emit({ kind: 'connectionFailed', message: `${what} has no ready pod: the connection was refused.` });
      socket.destroy();
      return;
    }
    const opened = await client.upgrade({
      path: objectPath(staticResource('Pod'), namespace, to.pod, 'portforward'),
      query: { ports: to.port },
      protocols: PORT_FORWARD_PROTOCOLS,
      operation: { verb: 'create', resource: 'pods/portforward', namespace, name: to.pod },
      signal: stopper.signal,
    });
    if (!opened.ok) {
      if (opened.error.kind === 'notFound' && cache && !retried) {
        // The pod went before the watch said so: the next ready one takes this connection.
        repick(to.pod);
        return pipe(socket, true);
      }
      socket.destroy();
      if (opened.error.kind === 'cancelled') return;
      if (opened.error.kind === 'notFound' && !cache) return finish(err(kubeError('notFound', `Pod "${to.pod}" in namespace "${namespace}" is gone: forwarding from ${FORWARD_ADDRESS}:${listening.value} ended.`)));
      emit({ kind: 'connectionFailed', message: opened.error.message });
      return;
    }
    const ws = opened.value;
    const reader = new PortForwardReader();
    ws.onMessage((message) => {
      const read = reader.read(message);
      if (read.kind === 'data') {
        if (!socket.write(read.data)) {
          ws.pause();
          socket.once('drain', () => ws.resume());
        }
      } else if (read.kind === 'error') {
        emit({ kind: 'connectionFailed', message: `Pod "${to.pod}" port ${to.port}: ${read.text}` });
        socket.destroy();
      }
    });
    const waitForRoom = () => {
      if (ws.bufferedAmount() < HIGH_WATER || socket.destroyed) socket.resume();
      else setTimeout(waitForRoom, 10);
    };
    socket.on('data', (data: Buffer) => {
      if (!ws.send(dataFrame(data))) return void socket.destroy();
      if (ws.bufferedAmount() >= HIGH_WATER) {
        socket.pause();
        setTimeout(waitForRoom, 10);
      }
    });
    // The pod's side ended: the local connection ends once what it sent is written.
    void ws.closed.then(() => socket.end());
    socket.on('end', () => ws.close());
    socket.on('close', () => ws.close());
    socket.on('error', () => ws.close());
    socket.resume();
  };

  server.on('connection', (socket) => {
    if (finished) return void socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    emit({ kind: 'connection' });
    void pipe(socket, false);
  });

  emit({ kind: 'pod', pod: current.pod, port: current.port });
  return ok({
    address: FORWARD_ADDRESS,
    localPort: listening.value,
    remoteLabel: resolved.remoteLabel,
    namespace,
    current: () => current,
    stop,
    done,
  });
}
