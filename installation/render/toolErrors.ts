import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Why a chart or overlay did not render. */
export interface RenderFailure {
  readonly message: string;
  /** The absolute path of the file the tool named, and its 1-based line. */
  readonly file?: string;
  readonly line?: number;
}

const MAX_MESSAGE = 800;

/**
 * The file and line a rendering failure names, from the tool's own words:
 * helm: `template: chart/templates/x.yaml:12:20: …`, `parse error at (chart/templates/x.yaml:5)`,
 * `execution error at (chart/templates/x.yaml:3:4)`, `YAML parse error on chart/templates/x.yaml: … line 7`;
 * kustomize names no lines: the kustomization line that mentions what failed.
 */
export function toolFailure(tool: 'helm' | 'kustomize', stderr: string, folder: string): RenderFailure {
  const message = cleanMessage(stderr);
  if (tool === 'helm') {
    const located = /(?:^|template: |\(|YAML parse error on )([^\s():]+\.(?:ya?ml|tpl|txt|json)):?(\d+)?/m.exec(message);
    if (located) {
      const file = join(folder, located[1]!.split('/').slice(1).join('/'));
      const line = located[2] ?? /\bline (\d+)\b/.exec(message)?.[1];
      return { message, file, ...(line ? { line: Number(line) } : {}) };
    }
    if (/values don't meet the specifications|schema/i.test(message) && existsSync(join(folder, 'values.yaml'))) return { message, file: join(folder, 'values.yaml') };
    if (/Chart\.yaml|dependenc/i.test(message)) return { message, file: join(folder, 'Chart.yaml'), ...lineMentioning(join(folder, 'Chart.yaml'), message) };
    return { message };
  }
  const kustomization = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(folder, name)).find((path) => existsSync(path));
  return kustomization ? { message, file: kustomization, ...lineMentioning(kustomization, message) } : { message };
}

function cleanMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^(Error|error): /, '').trimEnd())
    .filter((line) => line !== '' && !/^(WARNING|walk\.go|install\.go)/.test(line) && !/^Use --debug flag/.test(line));
  const text = lines.join('\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text || 'the tool failed without a message';
}

/** The 1-based line of `file` that holds a quoted name from the message (a missing base, an unknown field). */
function lineMentioning(file: string, message: string): { line?: number } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const lines = text.split('\n');
  // Quoted names first (an unknown field, a missing file), then anything path-like.
  const quoted = [...message.matchAll(/["']([\w./~-]{1,200})["']/g)].map((m) => m[1]!);
  const paths = [...message.matchAll(/[\w.~-]*\/[\w./~-]*|[\w.-]+\.ya?ml/g)].map((m) => m[0]);
  for (const name of [...quoted, ...paths]) {
    if (name.startsWith('/')) continue;
    const bare = name.replace(/^\.\//, '');
    const at = lines.findIndex((line) => !line.trimStart().startsWith('#') && (line.includes(name) || (bare.length > 1 && line.includes(bare))));
    if (at >= 0) return { line: at + 1 };
  }
  return {};
}
