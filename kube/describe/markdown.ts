/**
 * `kubectl describe` as Markdown: the object (metadata, a per-kind summary of spec and status),
 * its conditions, its owner chain and the recent events about it; and an events table. Secret
 * values are never shown unless asked (`reveal`: one key, or every key). Names, reasons and
 * messages come from the cluster: they are escaped where they enter the Markdown, so a preview
 * of the document shows them as text, never as a link, an image or HTML. Pure.
 */
import { redactObject, type Reveal } from '../masking';
import type { KubeObject } from '../registry';
import { eventTime, type KubeEvent } from './events';
import { kindSummary } from './kindSummary';
import type { OwnerLink } from './owners';
import { age, clip, get, labelsText, markdownText, table } from './text';

const text = markdownText;

/** Events as a Markdown table (Type, Reason, Age, From, Message), oldest first. */
export function formatEvents(events: readonly KubeEvent[], options: { now?: Date; withObject?: boolean } = {}): string {
  if (events.length === 0) return '_No events._';
  const now = options.now ?? new Date();
  const header = ['Type', 'Reason', 'Age', ...(options.withObject ? ['Object'] : []), 'From', 'Message'];
  return table(
    header,
    events.map((e) => {
      const count = e.series?.count ?? e.count ?? 1;
      const when = `${age(eventTime(e), now)}${count > 1 ? ` (x${count})` : ''}`;
      const object = `${(e.involvedObject?.kind ?? '?').toLowerCase()}/${e.involvedObject?.name ?? '?'}`;
      return [e.type ?? '', e.reason ?? '', when, ...(options.withObject ? [object] : []), e.source?.component ?? e.reportingComponent ?? '', e.message ?? ''].map(text);
    }),
  );
}

export interface DescribeParts {
  readonly owners?: readonly OwnerLink[];
  readonly events?: readonly KubeEvent[];
  /** Secret values to show: one key, or every key (true). Default none. */
  readonly reveal?: Reveal;
  readonly now?: Date;
}

/** The Markdown summary of an object (pure). */
export function formatDescribe(input: KubeObject, parts: DescribeParts = {}): string {
  const reveal = parts.reveal ?? false;
  const object = redactObject(input, reveal);
  const now = parts.now ?? new Date();
  const meta = object.metadata;
  const lines: string[] = [`# ${text(object.kind)} ${text(meta.namespace ? `${meta.namespace}/` : '')}${text(meta.name ?? '?')}`, ''];
  lines.push(`- **API version:** ${text(object.apiVersion)}`);
  if (meta.namespace) lines.push(`- **Namespace:** ${text(meta.namespace)}`);
  const created = meta.creationTimestamp as string | undefined;
  if (created) lines.push(`- **Created:** ${created} (${age(created, now)} ago)`);
  if (meta.deletionTimestamp) lines.push(`- **Being deleted since:** ${String(meta.deletionTimestamp)}`);
  lines.push(`- **Labels:** ${labelsText(meta.labels)}`);
  const annotations = Object.entries(meta.annotations ?? {});
  lines.push(`- **Annotations:** ${annotations.length === 0 ? '<none>' : annotations.map(([k, v]) => `\`${`${k}=${clip(v, 120)}`.replace(/`/g, "'").replace(/\r?\n/g, ' ')}\``).join(', ')}`);
  // From the object as read: the Secret summary masks (or reveals) the data itself.
  const summary = kindSummary(input, reveal);
  if (summary.length > 0) lines.push('', '## Summary', '', ...summary);

  const conditions = (get(object, 'status', 'conditions') as { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string; lastUpdateTime?: string }[] | undefined) ?? [];
  lines.push('', '## Conditions', '');
  lines.push(
    conditions.length === 0
      ? '_No conditions._'
      : table(['Type', 'Status', 'Reason', 'Message', 'Since'], conditions.map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '', c.lastTransitionTime ? `${age(c.lastTransitionTime, now)} ago` : ''].map(text))),
  );

  if (parts.owners !== undefined) {
    lines.push('', '## Owners', '');
    if (parts.owners.length === 0) lines.push('_None: nothing controls this object._');
    else {
      const chain = [`${object.kind}/${meta.name ?? '?'}`, ...parts.owners.map((o) => `${o.kind}/${o.name}${o.missing ? ` (${o.missing})` : ''}`)].map(text);
      lines.push(chain.join(' → '));
    }
  }
  if (parts.events !== undefined) {
    lines.push('', '## Events', '', formatEvents(parts.events, { now }));
  }
  return lines.join('\n') + '\n';
}
