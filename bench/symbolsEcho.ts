/**
 * The protocol's own floor for a document-symbols answer: a process that answers every
 * `textDocument/documentSymbol` request with the answer it was given (a JSON file), over stdio
 * through vscode-jsonrpc, as the language server's connection does. What a request to it costs is
 * the answer's encoding, the pipe and the client's decoding, with no server work at all.
 *   node dist/bench/symbolsEcho.js answer.json
 */
import { readFileSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const answer: unknown = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
connection.onRequest('textDocument/documentSymbol', () => answer);
connection.onRequest('shutdown', () => null);
connection.onNotification('exit', () => process.exit(0));
connection.listen();
