/**
 * A worker thread of `berth validate` (bundled as dist/cli-worker.js): analyses batches of
 * documents with a language service of its own, set up as the main thread's is (the same
 * settings, the cluster's CRDs, and the files that define CRDs or Clusters, on which other
 * documents' analysis depends), and sends the analyses back. Cross-document checks stay with
 * the main thread, which sees the whole workspace.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { BerthLanguageService } from '../../platform/languageService';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import type { AnalysisBatch, AnalysisBatchResult, WorkerSetup } from './parallelAnalysis';

const setup = workerData as WorkerSetup;
const service = new BerthLanguageService(nodeLanguageServiceOptions());
const workspace = new BerthWorkspace(service);
if (setup.clusterCrds) workspace.setClusterCrds(setup.clusterCrds);
for (const file of setup.contextFiles) workspace.setFile(TextDocument.create(file.uri, 'yaml', 1, file.text), setup.settings);

parentPort!.on('message', (batch: AnalysisBatch) => {
  const result: AnalysisBatchResult = { id: batch.id, analyses: batch.parts.map((part) => service.analyzeChunks(part.chunks, setup.settings)) };
  parentPort!.postMessage(result);
});
