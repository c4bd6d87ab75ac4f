// A stand-in for the API server's streaming endpoints (exec, portforward): a plain-http server
// that completes the WebSocket handshake by hand (RFC 6455), picks a subprotocol from those it
// is told to speak, and reads and writes frames. Enough to test the transport's upgrade and the
// channel protocols without a cluster.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TestContext } from 'node:test';

export interface FakeStream {
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
  readonly protocol: string;
  /** Sends one binary message. */
  send(data: Uint8Array): void;
  /** Sends a close frame and ends the connection. */
  close(code?: number): void;
  /** The messages the client sent, as they arrive. */
  readonly received: Buffer[];
  /** Resolves when `count` messages have arrived. */
  messages(count: number): Promise<Buffer[]>;
  /** Resolves when the client closed. */
  readonly clientClosed: Promise<void>;
}

export interface FakeWebSocketServerOptions {
  /** The subprotocols this server speaks; it picks the first of the client's offers among them. */
  readonly protocols: readonly string[];
  /** Answers the handshake with an ordinary response instead (a 403, a 404). */
  readonly refuse?: (url: URL) => { status: number; body: unknown } | undefined;
  readonly onStream: (stream: FakeStream) => void;
}

function frame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65_536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(length));
    return b;
  })()]);
  return Buffer.concat([head, payload]);
}

/** Reads client frames (always masked) from a growing buffer; returns the rest. */
function readFrames(buffer: Buffer, onFrame: (opcode: number, payload: Buffer) => void): Buffer {
  let rest = buffer;
  for (;;) {
    if (rest.length < 2) return rest;
    const opcode = rest[0]! & 0x0f;
    let length = rest[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (rest.length < 4) return rest;
      length = rest.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (rest.length < 10) return rest;
      length = Number(rest.readBigUInt64BE(2));
      offset = 10;
    }
    const masked = (rest[1]! & 0x80) !== 0;
    const maskLength = masked ? 4 : 0;
    if (rest.length < offset + maskLength + length) return rest;
    const mask = rest.subarray(offset, offset + maskLength);
    const payload = Buffer.from(rest.subarray(offset + maskLength, offset + maskLength + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    rest = rest.subarray(offset + maskLength + length);
    onFrame(opcode, payload);
  }
}

/** Starts the server on a free port; it closes when the test ends. */
export async function fakeWebSocketServer(t: TestContext, options: FakeWebSocketServerOptions): Promise<http.Server> {
  const sockets = new Set<Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(404);
    res.end();
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refused = options.refuse?.(url);
    if (refused) {
      const body = JSON.stringify(refused.body);
      socket.end(`HTTP/1.1 ${refused.status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const protocol = offered.find((p) => options.protocols.includes(p)) ?? '';
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : ''}\r\n`);
    const received: Buffer[] = [];
    const waiters: { count: number; resolve: (m: Buffer[]) => void }[] = [];
    let closedResolve: () => void = () => undefined;
    const clientClosed = new Promise<void>((r) => (closedResolve = r));
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      pending = readFrames(Buffer.concat([pending, data]), (opcode, payload) => {
        if (opcode === 0x8) {
          closedResolve();
          socket.end(frame(0x8, payload.subarray(0, 2)));
          return;
        }
        if (opcode === 0x9) return void socket.write(frame(0xa, payload));
        if (opcode !== 0x2 && opcode !== 0x1) return;
        received.push(payload);
        for (const w of waiters.splice(0)) {
          if (received.length >= w.count) w.resolve(received.slice(0, w.count));
          else waiters.push(w);
        }
      });
    });
    socket.on('close', () => closedResolve());
    options.onStream({
      url,
      headers: req.headers,
      protocol,
      send: (data) => void socket.write(frame(0x2, data)),
      close: (code = 1000) => {
        const payload = Buffer.alloc(2);
        payload.writeUInt16BE(code);
        socket.write(frame(0x8, payload));
      },
      received,
      messages: (count) => (received.length >= count ? Promise.resolve(received.slice(0, count)) : new Promise((resolve) => waiters.push({ count, resolve }))),
      clientClosed,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return server;
}

export function serverPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}
