import * as vscode from 'vscode';
import type { Health } from './summaries';

const COLORS: Record<Health, string | undefined> = {
  ok: 'testing.iconPassed',
  progress: 'charts.yellow',
  warning: 'list.warningForeground',
  error: 'list.errorForeground',
  idle: 'disabledForeground',
};

/** A codicon tinted by health: green running, yellow progressing, red failing, grey idle. */
export function healthIcon(icon: string, health: Health | undefined): vscode.ThemeIcon {
  const color = health ? COLORS[health] : undefined;
  return color ? new vscode.ThemeIcon(icon, new vscode.ThemeColor(color)) : new vscode.ThemeIcon(icon);
}
