import type { LanguageServiceOptions } from '../platform/languageService';
import { KubernetesSchemaStore } from '../platform/schema/kubernetes/kubernetesSchemaStore';
import { findResourceRoot, readResource } from './resources';

/** The language service's inputs on Node: schemas and snippets read from the installation. */
export function nodeLanguageServiceOptions(root: string = findResourceRoot()): LanguageServiceOptions {
  const readSchemaFile = (relativePath: string): string | undefined => readResource(root, `schemas/${relativePath}`);
  return {
    readSchemaFile,
    kubernetesSchemas: new KubernetesSchemaStore(readSchemaFile),
    snippetFile: () => readResource(root, 'snippets/berth.code-snippets'),
  };
}
