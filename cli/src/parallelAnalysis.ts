import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzedChunk } from '../../platform/fileAnalysis';
import type { ValidationSettings } from '../../platform/settings';
import type { ChunkAnalysis } from '../../platform/validate/analyzeChunk';
import type { ClusterCrdSet } from '../../platform/workspace/clusterCrds';
import type { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { splitDocuments, type YamlChunk } from '../../platform/yaml/splitDocuments';

/** What every worker is told once: enough to analyse documents as the main thread would. */
export interface WorkerSetup {
  readonly settings: ValidationSettings;
  readonly clusterCrds: ClusterCrdSet | undefined;
  /** Files with CRDs or Clusters, which change how other documents are analysed. */
  readonly contextFiles: readonly { readonly uri: string; readonly text: string }[];
}

/** Consecutive documents of one or more files. */
export interface AnalysisBatch {
  readonly id: number;
  readonly parts: readonly { readonly chunks: readonly YamlChunk[] }[];
}

export interface AnalysisBatchResult {
  readonly id: number;
  /** Per part, per chunk. */
  readonly analyses: readonly (readonly ChunkAnalysis[])[];
}

export interface WorkspaceFile {
  readonly uri: string;
  readonly text: string;
}

/** Below this many documents a worker costs more (its start and its own schema compiles) than it saves. */
export const PARALLEL_MIN_DOCUMENTS = 2000;

/** How many worker threads `--jobs` means by default: one per core, at most 8. */
export function defaultJobs(): number {
  return Math.min(availableParallelism(), 8);
}

/**
 * A file may define CRDs or Clusters: then the main thread and every worker read it first. A
 * file this misses is still right in the end (adopting it changes the workspace's CRDs, which
 * analyses every file again), only slower.
 */
export function isContextFile(text: string): boolean {
  return text.includes('CustomResourceDefinition') || /\bkind["']?[ \t]*:[ \t]*["']?Cluster\b(?![-.])/.test(text);
}

export interface SetFilesOptions {
  /** Worker threads; undefined chooses: one per core for inputs of PARALLEL_MIN_DOCUMENTS or more, else none. */
  readonly jobs: number | undefined;
  readonly clusterCrds: ClusterCrdSet | undefined;
  /** CRD files (`--crd`) already in the workspace, which the workers need too. */
  readonly crdFiles: readonly WorkspaceFile[];
}

/**
 * Adds the files to the workspace, their documents analysed by worker threads
 * (dist/cli-worker.js beside this bundle) when there are many: the same analyses, and so the
 * same diagnostics, as `workspace.setFile` one file after another. Files with CRDs or Clusters
 * are set first, here and in every worker, since other documents' analysis depends on them.
 */
export async function setFiles(workspace: BerthWorkspace, files: readonly WorkspaceFile[], settings: ValidationSettings, options: SetFilesOptions): Promise<void> {
  const chunksOf = files.map((file) => splitDocuments(file.text));
  const documents = chunksOf.reduce((sum, chunks) => sum + chunks.length, 0);
  const jobs = options.jobs ?? (documents >= PARALLEL_MIN_DOCUMENTS ? defaultJobs() : 1);
  if (jobs <= 1 || documents === 0) {
    for (const file of files) workspace.setFile(TextDocument.create(file.uri, 'yaml', 1, file.text), settings);
    return;
  }
  const contextFiles = files.filter((file) => isContextFile(file.text));
  for (const file of contextFiles) workspace.setFile(TextDocument.create(file.uri, 'yaml', 1, file.text), settings);
  const setup: WorkerSetup = { settings, clusterCrds: options.clusterCrds, contextFiles: [...options.crdFiles, ...contextFiles] };
  const analyses = await analyzeInWorkers(chunksOf, setup, jobs);
  files.forEach((file, i) => {
    const chunks: AnalyzedChunk[] = chunksOf[i]!.map((chunk, j) => ({ chunk, analysis: analyses[i]![j]! }));
    workspace.adoptFile(TextDocument.create(file.uri, 'yaml', 1, file.text), settings, chunks);
  });
}

interface Slice {
  readonly file: number;
  readonly from: number;
  readonly to: number;
}

async function analyzeInWorkers(chunksOf: readonly (readonly YamlChunk[])[], setup: WorkerSetup, jobs: number): Promise<ChunkAnalysis[][]> {
  const total = chunksOf.reduce((sum, chunks) => sum + chunks.length, 0);
  // Batches small enough to keep every worker busy to the end, large enough that messages are few.
  const batchSize = Math.max(50, Math.min(1000, Math.ceil(total / (jobs * 16))));
  const batches: Slice[][] = [];
  let current: Slice[] = [];
  let size = 0;
  chunksOf.forEach((chunks, file) => {
    for (let from = 0; from < chunks.length; ) {
      const to = Math.min(chunks.length, from + batchSize - size);
      current.push({ file, from, to });
      size += to - from;
      from = to;
      if (size >= batchSize) {
        batches.push(current);
        current = [];
        size = 0;
      }
    }
  });
  if (current.length > 0) batches.push(current);

  const results: ChunkAnalysis[][] = chunksOf.map((chunks) => new Array<ChunkAnalysis>(chunks.length));
  const workers = Array.from({ length: Math.min(jobs, batches.length) }, () => new Worker(join(__dirname, 'cli-worker.js'), { workerData: setup }));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight: number | undefined;
            const send = (): void => {
              if (next >= batches.length) return resolve();
              inFlight = next++;
              const batch: AnalysisBatch = { id: inFlight, parts: batches[inFlight]!.map((slice) => ({ chunks: chunksOf[slice.file]!.slice(slice.from, slice.to) })) };
              worker.postMessage(batch);
            };
            worker.on('message', (result: AnalysisBatchResult) => {
              inFlight = undefined;
              batches[result.id]!.forEach((slice, part) => {
                const target = results[slice.file]!;
                result.analyses[part]!.forEach((analysis, k) => (target[slice.from + k] = analysis));
              });
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (inFlight !== undefined) reject(new Error(`a validation worker stopped (exit code ${code}) before it finished`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
