/**
 * The part of the `ws` package (the WebSocket client @kubernetes/client-node itself depends on,
 * and bundles) that the transport uses. `ws` ships no types and @types/ws is not installed, so
 * they are declared here; kube/webSocket.ts references this file.
 */
declare module 'ws' {
  import type { ClientRequest, IncomingMessage, Agent } from 'node:http';

  interface ClientOptions {
    readonly headers?: Record<string, string>;
    readonly handshakeTimeout?: number;
    readonly perMessageDeflate?: boolean;
    readonly followRedirects?: boolean;
    readonly maxPayload?: number;
    readonly agent?: Agent;
    readonly ca?: unknown;
    readonly cert?: unknown;
    readonly key?: unknown;
    readonly pfx?: unknown;
    readonly passphrase?: string;
    readonly servername?: string;
    readonly rejectUnauthorized?: boolean;
  }

  class WebSocket {
    constructor(address: string, protocols: readonly string[], options?: ClientOptions);
    static readonly OPEN: number;
    readonly protocol: string;
    readonly readyState: number;
    readonly bufferedAmount: number;
    send(data: Uint8Array, callback?: (error?: Error) => void): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
    pause(): void;
    resume(): void;
    on(event: 'open', listener: () => void): this;
    on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
    on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'unexpected-response', listener: (request: ClientRequest, response: IncomingMessage) => void): this;
  }

  export { WebSocket, type ClientOptions };
  export default WebSocket;
}
