// Fuzz tier, protocol: the bundled server over stdio gets mutated documents (open, incremental
// edits, requests, close) and malformed traffic, and must keep answering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LspClient } from '../helpers/lspClient';
import { repoRoot } from '../helpers/repo';
import { describeMutant, documentSeed, loadCorpus, mutant, MUTATORS, Rng, type Mutant } from './mutators';
import { randomPosition } from './exercise';
import { fuzzBudget, saveFailure, saveSummary } from './report';

/**
 * Longer than this without an answer is a hang. The 1 s budget per document is the core run's
 * to enforce (in process, measured again when slow); over stdio the slowest is reported, since
 * megabytes of diagnostics JSON and a shared CPU add time that is not the server's.
 */
const HANG_MS = 20_000;
/** Protocol documents are numbered from here, so they are not the core run's documents again. */
const FIRST = 1_000_000;

const { docs, seed } = fuzzBudget(200, 'BERTH_FUZZ_PROTOCOL_DOCS');
const corpus = loadCorpus(repoRoot());
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "three"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n';

let client: LspClient;
let exited = false;

before(async () => {
  client = new LspClient({ validation: { unknownFields: 'warning' } });
  void client.exited.then(() => (exited = true));
  await client.initialize();
});
after(async () => client.shutdown());

function withinHang<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms: ${what}`)), HANG_MS);
  });
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

/** Handler failures the server caught and logged (runSafe, the publisher): each is a crash it survived. */
function loggedFailures(from: number): string[] {
  return client.logs.slice(from).filter((line) => / failed[:;]/.test(line));
}

/** Random incremental edits of a document, applied to `local` as the server applies them. */
function edits(local: TextDocument, rng: Rng): TextDocumentContentChangeEvent[] {
  const changes: TextDocumentContentChangeEvent[] = [];
  const count = rng.int(1, 4);
  let text = local.getText();
  for (let i = 0; i < count; i++) {
    const start = rng.int(0, text.length);
    const end = Math.min(text.length, start + rng.int(0, 40));
    const kind = rng.pick(Object.keys(MUTATORS));
    const insert = MUTATORS[kind]!(text.slice(start, end) || 'key: value', rng, corpus).slice(0, 2_000);
    const current = TextDocument.create(local.uri, 'yaml', 0, text);
    changes.push({ range: { start: current.positionAt(start), end: current.positionAt(end) }, text: insert });
    text = text.slice(0, start) + insert + text.slice(end);
  }
  return changes;
}

/**
 * Opens, edits, queries and closes one document. Returns the longer of the two waits for
 * diagnostics (didOpen to version 1's, didChange to version 2's).
 */
async function roundTrip(uri: string, m: Mutant, rng: Rng): Promise<number> {
  let started = performance.now();
  await withinHang(`diagnostics for ${uri} v1`, client.open(uri, m.text, 1));
  const opened = performance.now() - started;
  let local = TextDocument.create(uri, 'yaml', 1, m.text);
  const changes = edits(local, rng);
  local = TextDocument.update(local, changes, 2);
  const published = client.diagnostics(uri, (p) => p.version === 2);
  started = performance.now();
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: changes });
  await withinHang(`diagnostics for ${uri} v2`, published);
  const ms = Math.max(opened, performance.now() - started);
  const position = randomPosition(local.getText(), rng);
  const at = { textDocument: { uri }, position };
  await withinHang(`completion in ${uri}`, client.connection.sendRequest('textDocument/completion', at));
  await withinHang(`hover in ${uri}`, client.connection.sendRequest('textDocument/hover', at));
  await withinHang(`symbols of ${uri}`, client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }));
  await withinHang(`render of ${uri}`, client.connection.sendRequest('berth/render', { uri, format: 'yaml' }));
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return ms;
}

test(`protocol: ${docs} mutated documents (seed ${seed}) opened, edited, queried and closed`, async () => {
  const failures: string[] = [];
  let slowest = { ms: 0, what: '' };
  for (let i = 0; i < docs; i++) {
    const index = FIRST + i;
    const m = mutant(corpus, seed, index);
    const rng = new Rng(documentSeed(seed, index) ^ 0x27d4eb2f);
    const logsBefore = client.logs.length;
    let ms: number;
    try {
      ms = await roundTrip(`file:///fuzz/protocol/doc${i}.yaml`, m, rng);
    } catch (error) {
      const why = `${describeMutant(m, seed, index)}\n${String(error)}`;
      failures.push(`hang: ${why.replace('\n', ' | ')} → ${saveFailure(`protocol-seed${seed}-doc${index}`, m.text, why)}`);
      break; // A hung server answers nothing more.
    }
    const logged = loggedFailures(logsBefore);
    if (logged.length > 0) {
      const why = `${describeMutant(m, seed, index)} (then random edits)\n${logged.join('\n')}`;
      failures.push(`crash caught by the server: ${logged[0]!.split('\n')[0]} → ${saveFailure(`protocol-seed${seed}-doc${index}`, m.text, why)}`);
    }
    if (ms > slowest.ms) slowest = { ms, what: describeMutant(m, seed, index) };
  }
  const summary = { documents: docs, seed, failures: failures.length, slowestMs: Math.round(slowest.ms), slowest: slowest.what, serverStderr: client.stderr.join('').slice(0, 2_000) };
  saveSummary('protocol', summary);
  console.log(`fuzz protocol: ${JSON.stringify(summary)}`);
  assert.deepEqual(failures, []);
  assert.equal(exited, false, 'the server process is still running');
});

/** Requests with missing, null, wrongly typed or nonsensical params, for every method the server serves. */
const GARBAGE_PARAMS: unknown[] = [
  undefined,
  null,
  42,
  'text',
  [],
  [1, 2, 3],
  {},
  { textDocument: null },
  { textDocument: { uri: 5 }, position: 'here' },
  { textDocument: { uri: 'file:///fuzz/protocol/open.yaml' }, position: { line: -1, character: -1 } },
  { textDocument: { uri: 'file:///fuzz/protocol/open.yaml' }, position: { line: 1e9, character: 1e9 } },
  { textDocument: { uri: 'file:///fuzz/protocol/open.yaml' }, position: { line: 'one', character: null } },
  { textDocument: { uri: 'file:///fuzz/protocol/open.yaml' }, position: { line: 2, character: 3 }, context: { diagnostics: 'none' } },
  { textDocument: { uri: 'file:///fuzz/protocol/open.yaml' }, range: { start: 7, end: null }, context: { diagnostics: [{ range: null, message: 3 }] } },
  { textDocument: { uri: 'file:///fuzz/protocol/open.yaml' }, position: { line: 0, character: 0 }, context: null },
  { uri: 'file:///fuzz/protocol/open.yaml', format: 'xml' },
  { uri: null, format: 42 },
  { uri: 'file:///fuzz/protocol/never-opened.yaml', format: 'json' },
];
const METHODS = [
  'textDocument/completion',
  'textDocument/hover',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/codeAction',
  'textDocument/documentSymbol',
  'berth/render',
  'berth/noSuchMethod',
  'textDocument/noSuchMethod',
  'workspace/executeCommand',
];

test('protocol: malformed traffic is answered or ignored, and the server keeps serving', async () => {
  await client.open('file:///fuzz/protocol/open.yaml', DEPLOYMENT);
  const answers: Record<string, number> = {};
  for (const method of METHODS) {
    for (const params of GARBAGE_PARAMS) {
      const request = params === undefined ? client.connection.sendRequest(method) : client.connection.sendRequest(method, params);
      const outcome = await withinHang(`${method} ${JSON.stringify(params)}`, request.then(
        () => 'result',
        (error: { code?: number }) => `error ${error.code ?? '?'}`,
      ));
      answers[outcome] = (answers[outcome] ?? 0) + 1;
    }
  }
  const notify = (method: string, params: unknown) => client.connection.sendNotification(method, params);
  // Edits, opens and closes that make no sense.
  await notify('textDocument/didChange', { textDocument: { uri: 'file:///fuzz/protocol/never-opened.yaml', version: 3 }, contentChanges: [{ text: 'a: 1' }] });
  await notify('textDocument/didChange', { textDocument: { uri: 'file:///fuzz/protocol/open.yaml', version: 2 }, contentChanges: [{ range: { start: { line: 500, character: 9 }, end: { line: 2, character: 0 } }, text: 'x' }] });
  await notify('textDocument/didChange', { textDocument: { uri: 'file:///fuzz/protocol/open.yaml', version: 1 }, contentChanges: 'everything' });
  await notify('textDocument/didChange', { textDocument: { uri: 'file:///fuzz/protocol/open.yaml' } });
  await notify('textDocument/didChange', null);
  await notify('textDocument/didOpen', { textDocument: { uri: 'file:///fuzz/protocol/number.yaml', languageId: 'yaml', version: 1, text: 42 } });
  await notify('textDocument/didOpen', { textDocument: { uri: 'file:///fuzz/protocol/null.yaml', languageId: 'yaml', version: 1, text: null } });
  await notify('textDocument/didOpen', { textDocument: { uri: 'file:///fuzz/protocol/object.yaml', languageId: 'yaml', version: 'one', text: { a: 1 } } });
  await notify('textDocument/didOpen', { textDocument: null });
  await notify('textDocument/didOpen', { textDocument: { uri: 'file:///fuzz/protocol/open.yaml', languageId: 'yaml', version: 9, text: 'reopened: [' } });
  await notify('textDocument/didClose', { textDocument: { uri: 'file:///fuzz/protocol/never-opened.yaml' } });
  await notify('textDocument/didClose', 'x');
  await notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///nowhere/x.yaml', type: 2 }, { uri: 7, type: 'changed' }] });
  await notify('workspace/didChangeWatchedFiles', null);
  await notify('workspace/didChangeConfiguration', { settings: 'garbage' });
  await notify('berth/knownContexts', { contexts: 'not a list' });
  await notify('berth/knownContexts', null);
  await notify('$/cancelRequest', { id: 'nothing' });
  await notify('$/setTrace', { value: 'verbose-ish' });
  await notify('unknown/notification', { a: [1, 2] });
  // Requests on the documents opened with non-string text.
  for (const uri of ['file:///fuzz/protocol/number.yaml', 'file:///fuzz/protocol/null.yaml', 'file:///fuzz/protocol/object.yaml']) {
    for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/documentSymbol', 'textDocument/definition']) {
      await withinHang(`${method} on ${uri}`, client.connection.sendRequest(method, { textDocument: { uri }, position: { line: 0, character: 0 } }).catch(() => 'error'));
    }
  }
  console.log(`fuzz protocol malformed traffic: ${JSON.stringify(answers)}; failures the server logged and survived: ${client.logs.filter((l) => / failed[:;]/.test(l)).length}`);

  // Still serving: a valid document gets its diagnostics, and the process is alive.
  const diagnostics = await withinHang('diagnostics after the garbage', client.open('file:///fuzz/protocol/after-garbage.yaml', DEPLOYMENT));
  // Its one error; the best-practice checks (on here, so the fuzzing reaches them) add warnings.
  assert.deepEqual(diagnostics.filter((d) => d.severity === 1).map((d) => d.code), ['invalid-type']);
  const hover = await withinHang('hover after the garbage', client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///fuzz/protocol/after-garbage.yaml' }, position: { line: 5, character: 4 } }));
  assert.ok(hover, 'hover still answers');
  assert.equal(exited, false, 'the server process is still running');
});
