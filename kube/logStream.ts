/**
 * Followed logs (`kubectl logs -f`): one long-lived chunked response per container (the
 * connection's `stream`), split into lines as it arrives until the caller aborts or the server
 * ends it.
 */
import { ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import type { KubeError } from './errors';
import { objectPath, staticResource } from './registry';

export interface LogQuery {
  readonly container?: string;
  /** Last N lines (before following). */
  readonly tailLines?: number;
  /** Only lines newer than this many seconds. */
  readonly sinceSeconds?: number;
  /** Only lines at or after this time (RFC 3339). */
  readonly sinceTime?: string;
  readonly timestamps?: boolean;
  readonly previous?: boolean;
}

/** The query string parameters of GET pods/log; since wins over sinceTime, as kubectl sends one. */
export function logQuery(query: LogQuery, follow: boolean): Record<string, string | number | boolean | undefined> {
  return {
    container: query.container,
    follow: follow || undefined,
    tailLines: query.tailLines,
    sinceSeconds: query.sinceSeconds,
    sinceTime: query.sinceSeconds === undefined ? query.sinceTime : undefined,
    timestamps: query.timestamps || undefined,
    previous: query.previous || undefined,
  };
}

/** "5s", "10m", "1h30m", "2h" (kubectl's --since) in whole seconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '' || (!m[1] && !m[2] && !m[3])) return undefined;
  const seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return seconds > 0 ? seconds : undefined;
}

/** An RFC 3339 time as the apiserver accepts it for sinceTime; undefined when not one. */
export function parseSinceTime(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  return Number.isNaN(Date.parse(text)) ? undefined : text;
}

/** Splits a stream of text into whole lines, holding back an unfinished last line. */
export class LineSplitter {
  private pending = '';

  push(text: string): string[] {
    const joined = this.pending + text;
    const lines = joined.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map((l) => l.replace(/\r$/, ''));
  }

  /** The unfinished last line, if any (when the stream ends). */
  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? [] : [rest];
  }
}

export interface FollowOptions extends LogQuery {
  readonly namespace?: string;
  readonly signal: AbortSignal;
  /** Keep reading as the container writes (follow=true); false reads what is there and ends. */
  readonly follow?: boolean;
}

/**
 * Reads one container's log line by line until the stream ends or the signal fires. `onLine`
 * gets each whole line without its newline.
 */
export async function streamPodLog(client: KubeClient, pod: string, onLine: (line: string) => void, options: FollowOptions): Promise<Result<'ended' | 'cancelled', KubeError>> {
  const namespace = options.namespace ?? client.namespace;
  const splitter = new LineSplitter();
  const result = await client.stream(
    {
      path: objectPath(staticResource('Pod'), namespace, pod, 'log'),
      query: logQuery(options, options.follow ?? true),
      operation: { verb: 'get', resource: 'pods/log', namespace, name: pod },
      signal: options.signal,
    },
    (text) => splitter.push(text).forEach(onLine),
  );
  splitter.flush().forEach(onLine);
  // Stopping a followed log is how it normally ends, not a failure.
  if (!result.ok && result.error.kind === 'cancelled') return ok('cancelled');
  return result;
}
