/**
 * What the cluster, deploy and nodepool commands share: the --context/--namespace flags over
 * kubectl's kubeconfig rules, reading manifest files, the instance catalog and Ctrl-C as an
 * AbortSignal. (@kubernetes/client-node is imported by the cluster library (kube/) on the first connect, so
 * `berth validate` never loads it.)
 */
import { loadInstanceCatalog } from '../../installation/instanceCatalog';
import { findResourceRoot } from '../../installation/resources';
import { MAX_ALIAS_COUNT, parseChunk } from '../../platform/yaml/parseChunk';
import { splitDocuments } from '../../platform/yaml/splitDocuments';
import type { InstanceType } from '../../platform/model';
import { readYamlFiles } from './inputs';
import { UsageError } from './usageError';

export interface KubeFlags {
  readonly context?: string;
  readonly namespace?: string;
}

/** parseArgs options every cluster command accepts. */
export const KUBE_OPTIONS = {
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ManifestDocument {
  readonly file: string;
  /** 0-based index of the document within the file, counted as the language server counts (`---` separated). */
  readonly documentIndex: number;
  readonly value: unknown;
}

/** A manifest file as read: its path as the user gave it, and its text. */
export interface ManifestFile {
  readonly file: string;
  readonly text: string;
}

/** Regular files only, none over the size limit: the rules validate and render follow. */
function readFiles(paths: readonly string[]): ManifestFile[] {
  return readYamlFiles(paths).map(({ file, text }) => ({ file, text }));
}

/**
 * The YAML files in the given files and directories, each checked for YAML errors: a syntax
 * error is a usage error naming the file and line, before anything else happens.
 */
export function readManifestFiles(paths: readonly string[]): ManifestFile[] {
  const files = readFiles(paths);
  for (const file of files) documentsOf(file);
  return files;
}

/** Every YAML document in the given files and directories; YAML syntax errors are usage errors. */
export function readManifests(paths: readonly string[]): ManifestDocument[] {
  return readFiles(paths).flatMap(documentsOf);
}

function documentsOf({ file, text }: ManifestFile): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  // Split as the language server does, so a document index here names the same document there.
  splitDocuments(text).forEach((chunk, documentIndex) => {
    const { doc, lineCounter } = parseChunk(chunk);
    const error = doc.errors[0];
    if (error) {
      const line = lineCounter.linePos(error.pos[0]).line + chunk.startLine;
      throw new UsageError(`${file}:${line}: ${error.message.split('\n')[0]} (run \`berth validate ${file}\`)`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      throw new UsageError(`${file}: document ${documentIndex + 1}: ${(cause as Error).message} (run \`berth validate ${file}\`)`);
    }
    if (value !== null && value !== undefined) out.push({ file, documentIndex, value });
  });
  return out;
}

export function loadCatalog(): readonly InstanceType[] {
  return loadInstanceCatalog(findResourceRoot());
}

/** An AbortSignal that fires on Ctrl-C, so a long operation stops cleanly (and rolls back). */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
