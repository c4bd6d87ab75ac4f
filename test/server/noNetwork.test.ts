// The language server never reaches the network: dist/server.js runs with a preload
// (test/helpers/recordNetwork.cjs) that records and refuses every outbound connection, HTTP(S)
// request, fetch, DNS lookup, UDP socket and child process, and is driven through the samples
// workspace (open, validate, complete, hover, symbols, render). Schemas come from schemas/ on disk;
// there is no CRD cache to fill from a cluster. A control run proves the preload catches each kind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { renderRequest, type RenderResult } from '../../protocol/protocol';
import { LspClient } from '../helpers/lspClient';
import { repoRoot } from '../helpers/repo';

const preload = join(repoRoot(), 'test/helpers/recordNetwork.cjs');
const samples = join(repoRoot(), 'samples');
const work = mkdtempSync(join(tmpdir(), 'berth-nonet-'));
const networkLog = join(work, 'network.jsonl');

interface Attempt {
  readonly kind: string;
  readonly target: string;
  readonly stack: readonly string[];
}

function records(): Attempt[] {
  if (!existsSync(networkLog)) return [];
  return readFileSync(networkLog, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Attempt);
}

/**
 * What the server attempted; fails when the preload never ran in it (nothing would be recorded).
 * Rendering the samples' chart and overlay starts the local helm and kubectl (refused here like
 * any process): they are the only programs allowed, and they fetch nothing themselves (Berth
 * does not render overlays that name remote resources).
 */
function attempts(): Attempt[] {
  const all = records();
  assert.ok(all.some((r) => r.kind === 'preload' && r.target.includes('dist/server.js')), `the preload ran in the server: ${JSON.stringify(all)}`);
  const renderTool = (r: Attempt): boolean => r.kind === 'process' && /\/(helm|kubectl)$/.test(r.target) && r.stack.some((line) => /renderChart|renderOverlay/.test(line));
  return all.filter((r) => r.kind !== 'preload' && !renderTool(r));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

after(() => rmSync(work, { recursive: true, force: true }));

describe('the preload (control)', () => {
  it('records and refuses fetch, http, https, a raw socket, DNS and a child process, and lets a local pipe through', () => {
    const log = join(work, 'control.jsonl');
    const script = `
      const net = require('node:net');
      const pipe = ${JSON.stringify(join(work, 'ipc.sock'))};
      const server = net.createServer((s) => s.end()).listen(pipe, () => {
        net.connect(pipe).on('connect', () => server.close()).on('error', () => {});
      });
      fetch('https://registry.example/schema.json').catch(() => {});
      require('node:http').get('http://127.0.0.1:9/x').on('error', () => {});
      require('node:https').get('https://10.255.255.1/y').on('error', () => {});
      net.connect(9, '192.0.2.1').on('error', () => {});
      require('node:dns').lookup('schemas.example', () => {});
      try { require('node:child_process').spawnSync('true'); } catch {}
    `;
    const run = spawnSync(process.execPath, ['--require', preload, '-e', script], { env: { ...process.env, BERTH_NETWORK_LOG: log }, encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 0, run.stderr);
    const seen = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Attempt);
    const kinds = new Set(seen.map((a) => a.kind));
    for (const kind of ['fetch', 'http', 'https', 'connect', 'dns', 'process']) assert.ok(kinds.has(kind), `${kind} recorded: ${JSON.stringify(seen.map((a) => `${a.kind} ${a.target}`))}`);
    assert.ok(seen.some((a) => a.kind === 'connect' && a.target === '192.0.2.1:9'));
    assert.ok(!seen.some((a) => a.target.includes('ipc.sock')), 'the local pipe is not an attempt');
  });
});

describe('the language server with the network recorded', () => {
  let client: LspClient;
  const secretText = 'pa55-never-leaves-the-file';

  before(async () => {
    // LspClient spawns `node dist/server.js --stdio` with this process's environment.
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim();
    process.env.BERTH_NETWORK_LOG = networkLog;
    client = new LspClient();
    delete process.env.BERTH_NETWORK_LOG;
    process.env.NODE_OPTIONS = process.env.NODE_OPTIONS.replace(`--require ${preload}`, '').trim();
    await client.initialize([{ uri: pathToFileURL(samples).href, name: 'samples' }]);
  });
  after(async () => client.shutdown());

  it('opens and validates every sample, completes, hovers, lists symbols and renders, without one network attempt', async () => {
    const files = yamlFiles(samples);
    assert.ok(files.length >= 8, `samples: ${files.length} files`);
    let diagnostics = 0;
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      diagnostics += (await client.open(uri, readFileSync(file, 'utf8'))).length;
      const lines = readFileSync(file, 'utf8').split('\n');
      // Completion and hover on the first spec key and at the start of the file.
      const specLine = Math.max(0, lines.findIndex((l) => /^ {2}\w/.test(l)));
      for (const position of [{ line: 0, character: 0 }, { line: specLine, character: 3 }]) {
        await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
        await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      }
      await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      const rendered = (await client.connection.sendRequest(renderRequest.method, { uri, format: 'yaml' })) as RenderResult;
      assert.equal(typeof rendered.text, 'string', relative(samples, file));
    }
    assert.ok(diagnostics > 0, 'mistakes.yaml produced diagnostics: the server really worked');
    const storefront = (await client.connection.sendRequest(renderRequest.method, { uri: pathToFileURL(join(samples, 'apps/storefront.yaml')).href, format: 'yaml' })) as RenderResult;
    assert.match(storefront.text, /^kind: Deployment$/m);
    assert.deepEqual(attempts().map((a) => `${a.kind} ${a.target}\n  ${a.stack.join('\n  ')}`), []);
  });

  it('a Secret beside an Application: the render preview shows no Secret value, and nothing is fetched', async () => {
    const uri = pathToFileURL(join(work, 'with-secret.yaml')).href;
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${secretText}\n---\napiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  image: nginx:1.27\n  env:\n    MODE: prod\n`;
    writeFileSync(join(work, 'with-secret.yaml'), text);
    await client.open(uri, text);
    const rendered = (await client.connection.sendRequest(renderRequest.method, { uri, format: 'yaml' })) as RenderResult;
    assert.match(rendered.text, /^kind: Deployment$/m);
    assert.ok(!rendered.text.includes(secretText) && !/^kind: Secret$/m.test(rendered.text), rendered.text);
    assert.ok(![...client.logs, ...client.stderr].some((line) => line.includes(secretText)), 'the server logs no Secret value');
    assert.deepEqual(attempts(), []);
  });
});
