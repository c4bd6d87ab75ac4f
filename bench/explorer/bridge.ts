// The explorer bench's `extensionTestsPath`: VS Code runs it in the extension host once the
// workbench is up. It activates Berth and answers the bench (bench/explorer/main.mjs) over HTTP on
// 127.0.0.1:BERTH_BENCH_BRIDGE_PORT: GET /ready, POST /command {"id", "args"} runs a command and
// answers its result as JSON, POST /done ends the run (VS Code then closes the test session).
// The tree itself is driven in the browser, as a user would; this only reads what the browser cannot.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as vscode from 'vscode';

const berthId = 'berth.berth';
/** Only these may be run through the bridge: it listens on a port any local process can reach. */
const allowed = new Set(['berth.testing.hostStats', 'berth.clusters.refresh']);

/** Posts to the inspector session of this very process (the extension host). */
function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function answer(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify(value ?? null)}\n`);
}

export async function run(): Promise<void> {
  const port = Number(process.env.BERTH_BENCH_BRIDGE_PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('BERTH_BENCH_BRIDGE_PORT is set by bench/explorer/main.mjs');
  const berth = vscode.extensions.getExtension(berthId);
  if (!berth) throw new Error(`${berthId} is not loaded (extensionDevelopmentPath names the repository)`);
  await berth.activate();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  let profiler: Session | undefined;
  const server = createServer((request, response) => {
    void (async () => {
      try {
        if (request.method === 'GET' && request.url === '/ready') return answer(response, 200, { ready: true });
        if (request.method === 'POST' && request.url === '/done') {
          answer(response, 200, { done: true });
          return finish();
        }
        if (request.method === 'POST' && request.url === '/profile/start') {
          profiler?.disconnect();
          profiler = new Session();
          profiler.connect();
          await post(profiler, 'Profiler.enable');
          await post(profiler, 'Profiler.setSamplingInterval', { interval: 1000 });
          await post(profiler, 'Profiler.start');
          return answer(response, 200, { profiling: true });
        }
        if (request.method === 'POST' && request.url === '/profile/stop') {
          const { file } = JSON.parse(await body(request)) as { file?: unknown };
          if (!profiler || typeof file !== 'string' || !file.endsWith('.cpuprofile')) return answer(response, 400, { error: 'no profile running, or no file.cpuprofile given' });
          const { profile } = await post<{ profile: unknown }>(profiler, 'Profiler.stop');
          profiler.disconnect();
          profiler = undefined;
          writeFileSync(file, JSON.stringify(profile));
          return answer(response, 200, { file });
        }
        if (request.method === 'POST' && request.url === '/command') {
          const { id, args } = JSON.parse(await body(request)) as { id?: unknown; args?: unknown };
          if (typeof id !== 'string' || !allowed.has(id)) return answer(response, 400, { error: `not a bench command: ${String(id)}` });
          const result = await vscode.commands.executeCommand(id, ...(Array.isArray(args) ? args : []));
          return answer(response, 200, { result });
        }
        answer(response, 404, { error: 'unknown request' });
      } catch (error) {
        answer(response, 500, { error: String(error) });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  try {
    await finished;
  } finally {
    profiler?.disconnect();
    server.close();
  }
}
