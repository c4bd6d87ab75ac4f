import * as vscode from 'vscode';
import { join } from 'node:path';
import type { CatalogChart } from '../../../../installation/catalog';
import type { ChartCategory } from '../../../../platform/catalog/chartSummary';
import { escapeMarkdown } from '../../markdown';

export const CATALOG_NODE_ID = 'platform:catalog';
/** The context value of a chart row: package.json's view/item/context menus match it. */
export const CATALOG_CHART_CONTEXT = 'berth.catalogChart';

/** The top-level "Catalog" group of the Platform view. */
export interface PlatformCatalogNode {
  readonly kind: 'catalog';
  readonly id: string;
}

/** One chart of the App Catalog; the install command takes it as its argument. */
export interface PlatformChartNode {
  readonly kind: 'chart';
  readonly id: string;
  readonly chart: CatalogChart;
}

const CATEGORY_ICONS: Record<ChartCategory, string> = {
  web: 'globe',
  cache: 'zap',
  database: 'database',
  batch: 'run-all',
  other: 'package',
};

/** One instance: the tree finds its row by this object when only the Catalog is refreshed. */
const CATALOG_NODE: PlatformCatalogNode = { kind: 'catalog', id: CATALOG_NODE_ID };

export function catalogNode(): PlatformCatalogNode {
  return CATALOG_NODE;
}

export function chartNode(chart: CatalogChart): PlatformChartNode {
  return { kind: 'chart', id: `${CATALOG_NODE_ID}/${chart.source}/${encodeURIComponent(chart.dir)}`, chart };
}

/** The chart a command was invoked on (a Catalog row), if it was. */
export function chartOf(arg: unknown): CatalogChart | undefined {
  const node = arg as Partial<PlatformChartNode> | undefined;
  return node?.kind === 'chart' && typeof node.chart?.dir === 'string' ? node.chart : undefined;
}

export function catalogItem(node: PlatformCatalogNode): vscode.TreeItem {
  const item = new vscode.TreeItem('Catalog', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = 'application templates';
  item.tooltip = 'The App Catalog: the charts shipped with Berth and the Helm charts of this workspace. Install one with Berth: Install from Catalog…';
  item.iconPath = new vscode.ThemeIcon('library');
  item.contextValue = 'berth.catalog';
  return item;
}

export function chartItem(node: PlatformChartNode): vscode.TreeItem {
  const { chart } = node;
  const item = new vscode.TreeItem(chart.displayName, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = `${chart.version}${chart.source === 'workspace' ? ' · workspace' : ''}`;
  // Every text here came from a Chart.yaml: displayText already made it one bounded line.
  const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(chart.displayName)}** — ${escapeMarkdown(`chart ${chart.name} ${chart.version}${chart.appVersion ? `, app ${chart.appVersion}` : ''}`)}`);
  if (chart.description) tooltip.appendMarkdown(`\n\n${escapeMarkdown(chart.description)}`);
  tooltip.appendMarkdown(`\n\n${escapeMarkdown(chart.source === 'bundled' ? 'Shipped with Berth' : `Workspace chart: ${chart.dir}`)}`);
  item.tooltip = tooltip;
  item.iconPath = new vscode.ThemeIcon(CATEGORY_ICONS[chart.category]);
  item.contextValue = CATALOG_CHART_CONTEXT;
  item.command = { command: 'vscode.open', title: 'Open Chart.yaml', arguments: [vscode.Uri.file(join(chart.dir, 'Chart.yaml'))] };
  return item;
}
