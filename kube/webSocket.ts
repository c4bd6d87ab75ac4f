/// <reference path="./webSocketTypes.d.ts" />
/**
 * A WebSocket to a streaming subresource (pods/exec, pods/portforward), opened with the
 * connection's credentials by the one transport (client.ts `upgrade`). The socket carries one of
 * the Kubernetes channel protocols: every binary message starts with a channel byte. The `ws`
 * package (the one @kubernetes/client-node uses) speaks WebSocket; this module turns its events
 * into values: a handshake the server refuses is the server's own status as a KubeError.
 */
import type * as http from 'node:http';
import type * as https from 'node:https';
import { err, ok, type Result } from '../platform/result';
import { errorFromException, kubeError, type KubeError, type KubeOperation } from './errors';

/** An open channel-protocol socket. */
export interface ChannelSocket {
  /** The subprotocol the server chose (`v5.channel.k8s.io`, `v4.channel.k8s.io`...). */
  readonly protocol: string;
  /** Sends one binary message (channel byte first); false when the socket is no longer open. */
  send(data: Uint8Array): boolean;
  /** Bytes accepted by `send` and not yet written to the network. */
  bufferedAmount(): number;
  /** Stops (and resumes) reading from the server: backpressure towards a slow consumer. */
  pause(): void;
  resume(): void;
  /** Closes the socket (a normal close); `closed` then settles. */
  close(): void;
  /** Sets the one receiver of messages; those that arrived before it are delivered first. */
  onMessage(listener: (data: Buffer) => void): void;
  /** Settles once the socket is closed: 'closed' after a close by either side, an error when it broke. */
  readonly closed: Promise<Result<'closed', KubeError>>;
}

export interface SocketRequest {
  readonly url: URL;
  readonly protocols: readonly string[];
  /** What client-node's applyToHTTPSOptions prepared: headers, TLS material, agent. */
  readonly prepared: https.RequestOptions;
  readonly operation: KubeOperation;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** The error for a handshake the server answered with a status other than 101. */
  readonly rejected: (status: number, body: string) => KubeError;
}

type WsModule = typeof import('ws');
let wsModule: Promise<WsModule['WebSocket']> | undefined;

/** The `ws` WebSocket class, loaded on first use. */
function loadWebSocket(): Promise<WsModule['WebSocket']> {
  wsModule ??= import('ws').then((m) => m.WebSocket ?? m.default);
  return wsModule;
}

/** A message as one Buffer, whichever form `ws` delivered it in. */
function asBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

const MAX_STATUS_BODY = 64 * 1024;

/** Opens the socket; resolves once it is open, or with the reason it could not be. Never throws. */
export async function openChannelSocket(request: SocketRequest): Promise<Result<ChannelSocket, KubeError>> {
  const op = request.operation;
  if (request.signal?.aborted) return err(kubeError('cancelled', `Cancelled: ${op.verb} ${op.resource ?? ''}.`, { operation: op }));
  let WebSocket: WsModule['WebSocket'];
  try {
    WebSocket = await loadWebSocket();
  } catch (error) {
    return err(kubeError('server', `Cannot open a WebSocket to ${op.verb} ${op.resource ?? ''}: ${(error as Error).message}`, { operation: op }));
  }
  const { headers, agent, ca, cert, key, pfx, passphrase, servername, rejectUnauthorized } = request.prepared;
  const plainHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) plainHeaders[name] = String(value);
  let socket: InstanceType<WsModule['WebSocket']>;
  try {
    socket = new WebSocket(request.url.toString(), request.protocols, {
      headers: plainHeaders,
      handshakeTimeout: request.timeoutMs,
      // Kubernetes servers offer no compression; an offer would only cost a header.
      perMessageDeflate: false,
      followRedirects: false,
      ...(agent instanceof Object ? { agent: agent as http.Agent } : {}),
      ...(ca !== undefined ? { ca } : {}),
      ...(cert !== undefined ? { cert } : {}),
      ...(key !== undefined ? { key } : {}),
      ...(pfx !== undefined ? { pfx } : {}),
      ...(passphrase !== undefined ? { passphrase } : {}),
      ...(servername !== undefined ? { servername } : {}),
      ...(rejectUnauthorized !== undefined ? { rejectUnauthorized } : {}),
    });
  } catch (error) {
    return err(errorFromException(error, op));
  }

  return new Promise((resolve) => {
    let opened = false;
    let settledOpen = false;
    let brokenBy: KubeError | undefined;
    let listener: ((data: Buffer) => void) | undefined;
    const early: Buffer[] = [];
    let resolveClosed: (r: Result<'closed', KubeError>) => void = () => undefined;
    const closed = new Promise<Result<'closed', KubeError>>((r) => (resolveClosed = r));
    const onAbort = () => socket.terminate();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const failOpen = (error: KubeError) => {
      if (settledOpen) return;
      settledOpen = true;
      request.signal?.removeEventListener('abort', onAbort);
      resolve(err(error));
    };

    socket.on('unexpected-response', (req, res) => {
      // The server refused the upgrade with an ordinary answer (403, 404, 400): its Status says why.
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < MAX_STATUS_BODY) body += chunk;
      });
      const done = () => {
        failOpen(request.rejected(res.statusCode ?? 0, body));
        req.destroy();
      };
      res.on('end', done);
      res.on('error', done);
    });
    socket.on('open', () => {
      opened = true;
      settledOpen = true;
      resolve(
        ok({
          protocol: socket.protocol,
          send: (data) => {
            if (socket.readyState !== WebSocket.OPEN) return false;
            socket.send(data);
            return true;
          },
          bufferedAmount: () => socket.bufferedAmount,
          pause: () => socket.pause(),
          resume: () => socket.resume(),
          close: () => socket.close(1000),
          onMessage: (receive) => {
            listener = receive;
            for (const data of early.splice(0)) receive(data);
          },
          closed,
        }),
      );
    });
    socket.on('message', (data) => {
      const buffer = asBuffer(data);
      if (listener) listener(buffer);
      else early.push(buffer);
    });
    socket.on('error', (error) => {
      const e = error as Error & { code?: string };
      const typed = request.signal?.aborted
        ? kubeError('cancelled', `Cancelled: ${op.verb} ${op.resource ?? ''}${op.name ? ` "${op.name}"` : ''}.`, { operation: op })
        : /handshake has timed out/i.test(e.message)
          ? kubeError('timeout', `Timed out after ${request.timeoutMs / 1000}s opening a stream to ${op.verb} ${op.resource ?? ''}${op.name ? ` "${op.name}"` : ''} (server ${op.server ?? '?'}).`, { operation: op })
          : errorFromException(error, op);
      if (!opened) failOpen(typed);
      else brokenBy ??= typed;
    });
    socket.on('close', (code) => {
      request.signal?.removeEventListener('abort', onAbort);
      if (!opened) return failOpen(kubeError('unreachable', `The server closed the stream to ${op.verb} ${op.resource ?? ''} before it opened.`, { operation: op }));
      if (request.signal?.aborted) return resolveClosed(err(kubeError('cancelled', `Cancelled: ${op.verb} ${op.resource ?? ''}${op.name ? ` "${op.name}"` : ''}.`, { operation: op })));
      // 1000 normal, 1005 no code given: the server ended the stream. 1006 (no close frame) is a cut.
      if (brokenBy) return resolveClosed(err(brokenBy));
      if (code === 1006) return resolveClosed(err(kubeError('unreachable', `The stream to ${op.verb} ${op.resource ?? ''}${op.name ? ` "${op.name}"` : ''} was cut off (server ${op.server ?? '?'}).`, { operation: op })));
      resolveClosed(ok('closed'));
    });
  });
}
