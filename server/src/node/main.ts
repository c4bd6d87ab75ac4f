import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { nodeLanguageServiceOptions } from './nodeRuntime';

// The transport is chosen on the command line (--stdio, --node-ipc, --socket=N); the library reads it.
const connection = createConnection(ProposedFeatures.all);
startServer(connection, nodeLanguageServiceOptions());
