// Pure parts of followed logs: --since/--since-time parsing, the log query, splitting a stream
// into lines, which containers can be read, streamPodLog over a scripted connection, and the
// logs command's line prefixes and pod label selector.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { err, ok, type Result } from '../../platform/result';
import {
  errorFromStatus,
  kubeError,
  LineSplitter,
  logPrefix,
  logQuery,
  parseDuration,
  parseSinceTime,
  readableContainers,
  streamPodLog,
  type KubeClient,
  type KubeError,
  type KubeObject,
  type StreamOptions,
} from '../../kube';
import { selectorQuery } from '../../kube/labelSelector';
import { prefixLines } from '../../cli/src/commands/logs';

describe('log options', () => {
  it('parses kubectl durations and refuses anything else', () => {
    assert.equal(parseDuration('30s'), 30);
    assert.equal(parseDuration('5m'), 300);
    assert.equal(parseDuration('1h30m'), 5400);
    for (const bad of ['', '5', '5x', '-1s', '0s', '1d']) assert.equal(parseDuration(bad), undefined, bad);
  });

  it('takes RFC 3339 times only', () => {
    assert.equal(parseSinceTime('2026-01-01T00:00:01Z'), '2026-01-01T00:00:01Z');
    assert.equal(parseSinceTime('2026-01-01T00:00:01.5+02:00'), '2026-01-01T00:00:01.5+02:00');
    assert.equal(parseSinceTime('yesterday'), undefined);
    assert.equal(parseSinceTime('2026-13-01T00:00:00Z'), undefined);
  });

  it('sends follow, tail and one of the since parameters', () => {
    assert.deepEqual(logQuery({ container: 'c', tailLines: 5, sinceSeconds: 60, sinceTime: '2026-01-01T00:00:00Z' }, true), {
      container: 'c',
      follow: true,
      tailLines: 5,
      sinceSeconds: 60,
      sinceTime: undefined,
      timestamps: undefined,
      previous: undefined,
    });
    assert.equal(logQuery({ sinceTime: '2026-01-01T00:00:00Z' }, false).sinceTime, '2026-01-01T00:00:00Z');
    assert.equal(logQuery({}, false).follow, undefined);
  });
});

describe('log lines', () => {
  it('splits chunks into whole lines, keeping a partial line until it ends', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push('a\nb'), ['a']);
    assert.deepEqual(s.push('c\r\nd\n'), ['bc', 'd']);
    assert.deepEqual(s.push('tail'), []);
    assert.deepEqual(s.flush(), ['tail']);
    assert.deepEqual(s.flush(), []);
  });

  it('prefixes a workload line with pod and container', () => {
    assert.equal(logPrefix('web-1', 'nginx'), '[web-1/nginx] ');
  });

  it('reads containers once they have started, and none of a pod being deleted', () => {
    const pod = (status: unknown, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...extra }, spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status });
    assert.deepEqual(readableContainers(pod({ phase: 'Running' })), ['a', 'b']);
    assert.deepEqual(readableContainers(pod({ phase: 'Running' }), 'b'), ['b']);
    assert.deepEqual(readableContainers(pod({ phase: 'Pending' })), []);
    assert.deepEqual(readableContainers(pod({ phase: 'Pending', containerStatuses: [{ name: 'a', state: { running: {} } }, { name: 'b', state: { waiting: {} } }] })), ['a']);
    assert.deepEqual(readableContainers(pod({ phase: 'Running' }, { deletionTimestamp: '2026-01-01T00:00:00Z' })), []);
  });
});

describe('streamPodLog', () => {
  /** A connection whose `stream` is scripted: what it was asked, and what it hands over. */
  function scriptedClient(answer: (options: StreamOptions, onChunk: (text: string) => void) => Promise<Result<'ended', KubeError>>): KubeClient {
    return { namespace: 'shop', context: 'c', server: 'http://127.0.0.1:1', stream: answer } as KubeClient;
  }

  it('asks for the pod log with follow and hands over whole lines, the last one when the stream ends', async () => {
    let asked: StreamOptions | undefined;
    const client = scriptedClient(async (options, onChunk) => {
      asked = options;
      onChunk('one\ntw');
      onChunk('o\nthree');
      return ok('ended');
    });
    const lines: string[] = [];
    const r = await streamPodLog(client, 'web-1', (l) => lines.push(l), { container: 'nginx', tailLines: 2, signal: new AbortController().signal });
    assert.deepEqual(r, ok('ended'));
    assert.deepEqual(lines, ['one', 'two', 'three']);
    assert.equal(asked?.path, '/api/v1/namespaces/shop/pods/web-1/log');
    assert.equal(asked?.query?.['follow'], true);
    assert.equal(asked?.query?.['tailLines'], 2);
  });

  it('passes a refusal through as the typed error with its message', async () => {
    const forbidden = errorFromStatus(403, { message: 'no' }, { verb: 'get', resource: 'pods/log', namespace: 'shop', name: 'web-1' });
    const client = scriptedClient(async () => err(forbidden));
    const r = await streamPodLog(client, 'web-1', () => undefined, { signal: new AbortController().signal });
    assert.ok(!r.ok);
    assert.match(r.error.message, /^Forbidden: you may not get pods\/log "web-1" in namespace "shop"/);
  });

  it('reports being stopped as cancelled, not as a failure', async () => {
    const client = scriptedClient(async (options) => err(kubeError('cancelled', 'Cancelled.', { operation: options.operation })));
    const r = await streamPodLog(client, 'web-1', () => undefined, { signal: new AbortController().signal });
    assert.deepEqual(r, ok('cancelled'));
  });
});

describe('logs command helpers', () => {
  it('prefixes every line, including a last line without a newline', () => {
    assert.equal(prefixLines('[p/c] ', 'a\nb\n'), '[p/c] a\n[p/c] b\n');
    assert.equal(prefixLines('[p/c] ', 'a\nb'), '[p/c] a\n[p/c] b\n');
    assert.equal(prefixLines('[p/c] ', ''), '');
  });
  it('turns a LabelSelector into the labelSelector parameter', () => {
    assert.equal(selectorQuery({ matchLabels: { app: 'web', tier: 'fe' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'Exists' }, { key: 'y', operator: 'DoesNotExist' }] }), 'app=web,tier=fe,env in (a,b),x,!y');
  });
});
