import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { nodeLanguageServiceOptions } from '../../../installation/languageServiceOptions';
import { listYamlFiles, readTextFile } from './workspaceFiles';
import { renderJob } from './renderJob';

// The transport is chosen on the command line (--stdio, --node-ipc, --socket=N); the library reads it.
const connection = createConnection(ProposedFeatures.all);
startServer(connection, {
  ...nodeLanguageServiceOptions(),
  fileSystem: {
    listYamlFiles,
    readTextFile,
    uriToPath: (uri) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined),
    pathToUri: (path) => pathToFileURL(path).href,
  },
  renderer: renderJob,
});
