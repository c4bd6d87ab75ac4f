import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover, type Location, type Position, type Range } from 'vscode-languageserver-types';
import { isMap, isSeq } from 'yaml';
import { baseName, folderOf } from '../sources/uris';
import { isChartYaml, isValuesSchema, looksLikeValuesFile, underTemplates } from './chartFiles';
import { keyPathAt, keysAt, parseValues, summary, valueAt, type ValuesDocument } from './valuesDocument';
import { offsetAt, positionAt, valuesCompletionAt, valuesPathAt, valuesUses, type ValuesUse } from './valuesPath';

/** A values file that feeds a chart's templates, in the order Helm merges them (later ones win). */
export interface ValuesSource {
  readonly uri: string;
  readonly text: string;
  /** How hover names it: `values.yaml`, `values-prod.yaml (preview)`. */
  readonly label: string;
}

export interface ChartInfo {
  /** The chart's folder (the URI of the folder holding Chart.yaml). */
  readonly root: string;
  readonly chartYaml: string;
  /** values.yaml's URI, when the workspace has it. */
  readonly values: string | undefined;
  readonly templates: readonly string[];
  /** The chart this one is a subchart of (`<parent>/charts/<this>`), if any. */
  readonly parent: string | undefined;
}

/** Larger files are left out: no chart's file is this big, and parsing one at each hover would stall the server. */
const MAX_CHART_FILE_CHARS = 10_000_000;

/** A values source bound to where in it the chart's values start (a subchart's live under its name in the parent's). */
interface ScopedSource {
  readonly source: ValuesSource;
  readonly document: ValuesDocument;
  readonly prefix: readonly string[];
}

/**
 * The Helm charts of a workspace and what their templates read from values: hover, definition,
 * completion and references for `.Values` in templates and for keys in values.yaml. It holds the
 * texts of chart files only (Chart.yaml, values files, templates), fed by the workspace.
 */
export class ChartIndex {
  private readonly texts = new Map<string, string>();
  private readonly roots = new Set<string>();
  private readonly previews = new Map<string, readonly ValuesSource[]>();
  private readonly parsedValues = new Map<string, ValuesDocument>();
  private readonly usesCache = new Map<string, { text: string; uses: ValuesUse[] }>();

  setFile(uri: string, text: string): void {
    if (!takes(uri)) return;
    if (text.length > MAX_CHART_FILE_CHARS) return this.removeFile(uri);
    if (this.texts.get(uri) === text) return;
    this.texts.set(uri, text);
    this.parsedValues.delete(uri);
    this.usesCache.delete(uri);
    if (isChartYaml(uri)) this.roots.add(folderOf(uri));
  }

  /** An open document, whose text is read only when it is a chart's file (a huge manifest's is not joined on each keystroke). */
  setDocument(document: { readonly uri: string; getText(): string }): void {
    if (takes(document.uri)) this.setFile(document.uri, document.getText());
  }

  removeFile(uri: string): void {
    this.texts.delete(uri);
    this.parsedValues.delete(uri);
    this.usesCache.delete(uri);
    if (isChartYaml(uri)) this.roots.delete(folderOf(uri));
  }

  /** Values files to show beside values.yaml for a chart (a preview's `-f` files), in merge order; empty forgets them. */
  setPreviewValues(chartRoot: string, sources: readonly ValuesSource[]): void {
    if (sources.length === 0) this.previews.delete(chartRoot);
    else this.previews.set(chartRoot, [...sources]);
  }

  chartRoots(): string[] {
    return [...this.roots].sort();
  }

  /** The chart a file belongs to: the nearest folder above it with a Chart.yaml. */
  chartOf(uri: string): ChartInfo | undefined {
    const root = this.rootOf(uri);
    return root === undefined ? undefined : this.info(root);
  }

  /** A file under its chart's templates/ folder. */
  isTemplate(uri: string): boolean {
    const root = this.rootOf(uri);
    return root !== undefined && uri.startsWith(`${root}/templates/`);
  }

  /** A chart's own values.yaml. */
  isValuesFile(uri: string): boolean {
    return baseName(uri) === 'values.yaml' && this.roots.has(folderOf(uri));
  }

  /** The text of values.schema.json of the chart a file belongs to, when the workspace has it. */
  valuesSchemaText(uri: string): string | undefined {
    const root = this.rootOf(uri);
    return root === undefined ? undefined : this.texts.get(`${root}/values.schema.json`);
  }

  hover(uri: string, position: Position): Hover | undefined {
    const hit = this.templateHit(uri, position);
    if (!hit) return undefined;
    const lines = [`**.Values.${hit.path.map(markdownText).join('.')}**`];
    let found = false;
    for (const scoped of this.sources(hit.root)) {
      const value = valueAt(scoped.document, [...scoped.prefix, ...hit.path]);
      if (!value) continue;
      found = true;
      lines.push('', `${markdownText(scoped.source.label)}:`, '', codeBlock(value.shown));
    }
    if (!found) lines.push('', 'Not set in values.yaml: the template sees no value here unless one is given at install.');
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: hit.range };
  }

  definition(uri: string, position: Position): Location[] | undefined {
    const hit = this.templateHit(uri, position);
    if (!hit) return undefined;
    const locations: Location[] = [];
    for (const scoped of this.sources(hit.root)) {
      const value = valueAt(scoped.document, [...scoped.prefix, ...hit.path]);
      if (value) locations.push({ uri: scoped.source.uri, range: value.keyRange });
    }
    return locations;
  }

  completion(uri: string, position: Position): CompletionItem[] | undefined {
    const root = this.rootOf(uri);
    const text = this.texts.get(uri);
    if (root === undefined || text === undefined || !this.isTemplate(uri)) return undefined;
    const site = valuesCompletionAt(text, offsetAt(text, position));
    if (!site) return undefined;
    const range = { start: positionAt(text, site.replace[0]), end: positionAt(text, site.replace[1]) };
    const items = new Map<string, CompletionItem>();
    // Later sources win, as in Helm's merge: their summary is the one shown.
    for (const scoped of this.sources(root)) {
      for (const { key, node } of keysAt(scoped.document, [...scoped.prefix, ...site.parentPath])) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue; // a key like `a-b` needs `index`, not a dot
        const detail = summary(node);
        items.set(key, {
          label: key,
          kind: isMap(node) ? CompletionItemKind.Module : isSeq(node) ? CompletionItemKind.Value : CompletionItemKind.Property,
          detail: `${detail} (${scoped.source.label})`,
          textEdit: { range, newText: key },
        });
      }
    }
    return [...items.values()];
  }

  /**
   * From a key in values.yaml: the templates that read it (or read a value above or below it,
   * `toYaml .Values.resources` reads `resources.limits`). From `.Values` in a template: the same,
   * and the key in the values files.
   */
  references(uri: string, position: Position): Location[] | undefined {
    const root = this.rootOf(uri);
    if (root === undefined) return undefined;
    if (this.isTemplate(uri)) {
      const hit = this.templateHit(uri, position);
      if (!hit) return undefined;
      return [...(this.definition(uri, position) ?? []), ...this.uses(root, hit.path)];
    }
    if (!this.isValuesFile(uri)) return undefined;
    const document = this.values(uri);
    const text = this.texts.get(uri);
    if (!document?.parsed || text === undefined) return undefined;
    const path = keyPathAt(document, offsetAt(text, position) - document.parsed.chunk.startOffset);
    if (!path) return [];
    const locations = this.uses(root, path);
    // A parent's values under a subchart's name reach that subchart's templates.
    for (const sub of this.subcharts(root)) {
      const name = this.chartName(sub);
      if (path[0] === 'global') locations.push(...this.uses(sub, path));
      else if (name !== undefined && path[0] === name && path.length > 1) locations.push(...this.uses(sub, path.slice(1)));
    }
    return locations;
  }

  private templateHit(uri: string, position: Position): { root: string; path: string[]; range: Range } | undefined {
    const root = this.rootOf(uri);
    const text = this.texts.get(uri);
    if (root === undefined || text === undefined || !this.isTemplate(uri)) return undefined;
    const hit = valuesPathAt(text, offsetAt(text, position));
    return hit ? { root, path: hit.path, range: hit.range } : undefined;
  }

  /** The template reads of a chart whose path starts with `path`, or is a non-empty start of it. */
  private uses(root: string, path: readonly string[]): Location[] {
    if (path.length === 0) return [];
    const locations: Location[] = [];
    for (const template of this.templatesOf(root)) {
      const text = this.texts.get(template);
      if (text === undefined) continue;
      for (const use of this.usesOf(template, text)) {
        const shared = Math.min(use.path.length, path.length);
        if (shared === 0 || use.path.slice(0, shared).some((key, i) => key !== path[i])) continue;
        locations.push({ uri: template, range: { start: positionAt(text, use.span[0]), end: positionAt(text, use.span[1]) } });
      }
    }
    return locations;
  }

  private usesOf(uri: string, text: string): ValuesUse[] {
    const cached = this.usesCache.get(uri);
    if (cached?.text === text) return cached.uses;
    const uses = valuesUses(text);
    this.usesCache.set(uri, { text, uses });
    return uses;
  }

  /** values.yaml, the parent chart's values for this subchart, then the preview files: Helm's merge order. */
  private sources(root: string): ScopedSource[] {
    const sources: ScopedSource[] = [];
    const own = this.values(`${root}/values.yaml`);
    if (own) sources.push({ source: { uri: `${root}/values.yaml`, text: own.text, label: 'values.yaml' }, document: own, prefix: [] });
    const parent = this.parentChartOf(root);
    const name = this.chartName(root);
    const parentValues = parent === undefined ? undefined : this.values(`${parent}/values.yaml`);
    if (parent !== undefined && parentValues && name !== undefined) {
      sources.push({ source: { uri: `${parent}/values.yaml`, text: parentValues.text, label: `${this.chartName(parent) ?? 'parent chart'} values.yaml (under ${name})` }, document: parentValues, prefix: [name] });
    }
    for (const preview of this.previews.get(root) ?? []) sources.push({ source: preview, document: this.valuesOfText(preview.uri, preview.text), prefix: [] });
    return sources;
  }

  private values(uri: string): ValuesDocument | undefined {
    const text = this.texts.get(uri);
    return text === undefined ? undefined : this.valuesOfText(uri, text);
  }

  private valuesOfText(uri: string, text: string): ValuesDocument {
    const cached = this.parsedValues.get(uri);
    if (cached?.text === text) return cached;
    const parsed = parseValues(text);
    this.parsedValues.set(uri, parsed);
    return parsed;
  }

  private rootOf(uri: string): string | undefined {
    for (let folder = folderOf(uri); folder.includes('/'); folder = folderOf(folder)) {
      if (this.roots.has(folder)) return folder;
    }
    return undefined;
  }

  /** The chart holding this one in its charts/ folder. */
  private parentChartOf(root: string): string | undefined {
    const folder = folderOf(root);
    return baseName(folder) === 'charts' ? this.rootOf(`${folder}/`) : undefined;
  }

  private subcharts(root: string): string[] {
    return [...this.roots].filter((r) => r !== root && this.parentChartOf(r) === root);
  }

  private templatesOf(root: string): string[] {
    return [...this.texts.keys()].filter((uri) => uri.startsWith(`${root}/templates/`) && this.rootOf(uri) === root);
  }

  /** The chart's name from its Chart.yaml, which is the key its values have in a parent's values. */
  private chartName(root: string): string | undefined {
    const text = this.texts.get(`${root}/Chart.yaml`);
    const match = text === undefined ? null : /^name:[ \t]*["']?([A-Za-z0-9_.-]+)["']?[ \t]*(?:#.*)?$/m.exec(text);
    return match?.[1] ?? baseName(root);
  }

  private info(root: string): ChartInfo {
    const values = `${root}/values.yaml`;
    return { root, chartYaml: `${root}/Chart.yaml`, values: this.texts.has(values) ? values : undefined, templates: this.templatesOf(root), parent: this.parentChartOf(root) };
  }
}

/** Text from a file shown in Markdown: its Markdown characters escaped. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** A YAML code block that no backtick run in the text can close early. */
function codeBlock(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}yaml\n${text}\n${fence}`;
}

/** Whether the index holds a file of this name: Chart.yaml, a values file or its schema, a template. */
function takes(uri: string): boolean {
  return isChartYaml(uri) || looksLikeValuesFile(uri) || underTemplates(uri) || isValuesSchema(uri);
}
