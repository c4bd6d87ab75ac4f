/**
 * The two language servers the LSP benches compare, configured alike: Berth's (dist/server.js) and
 * yaml-language-server with one schema association for `*.yaml` and nothing fetched.
 */
import { join } from 'node:path';
import { LspServer } from './lsp';
import { KUBERNETES_VERSION } from './schemas';

export type ComparedTool = 'berth' | 'yls';

const repoRoot = join(__dirname, '..', '..');
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;

export function startComparedServer(tool: ComparedTool, schemaUri: string, timeoutMs: number): LspServer {
  if (tool === 'berth') {
    return new LspServer(
      'Berth',
      [...(CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : []), join(repoRoot, 'dist/server.js'), '--stdio'],
      (section) => (section === 'berth' ? { kubernetesVersion: KUBERNETES_VERSION, validation: { unknownFields: 'warning' } } : null),
      timeoutMs,
    );
  }
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemas: { [schemaUri]: '*.yaml' },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    yamlVersion: '1.2',
  };
  return new LspServer(
    'yaml-language-server',
    [join(repoRoot, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    (section) => {
      if (section === 'yaml') return yaml;
      if (section === 'http') return { proxy: '', proxyStrictSSL: false };
      if (section === 'editor') return { tabSize: 2, insertSpaces: true };
      if (section === '[yaml]') return {};
      return null;
    },
    timeoutMs,
  );
}
