/**
 * The connection the bench sets up and tears down with (thousands of creates and deletes): Berth's
 * client for watches, but plain requests over one keep-alive HTTPS agent. Berth's client gets a
 * new agent from @kubernetes/client-node for every request (applyToHTTPSOptions makes one per
 * call), so each request pays a TCP connect and a TLS handshake; that is measured where it is
 * the subject (berth deploy), not paid again to build the fixture.
 */
import * as https from 'node:https';
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { err, ok } from '../../platform/result';
import { errorFromException, errorFromStatus, kubeError, type KubeClient, type RequestOptions } from '../../kube';

export async function keepAliveClient(base: KubeClient, kubeconfigPath: string, maxSockets: number): Promise<KubeClient> {
  const client: typeof k8s = await import('@kubernetes/client-node');
  const kc = new client.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const tls: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(tls);
  (tls.agent as https.Agent | undefined)?.destroy();
  const agent = new https.Agent({ ca: tls.ca, cert: tls.cert, key: tls.key, keepAlive: true, maxSockets });
  const headers = Object.fromEntries(Object.entries(tls.headers ?? {}).map(([k, v]) => [k, String(v)]));

  const request = <T>(options: RequestOptions): ReturnType<KubeClient['request']> =>
    new Promise((resolve) => {
      const url = new URL(base.server + options.path);
      for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      const op = { ...options.operation, server: base.server, context: base.context };
      const req = https.request(url, {
        agent,
        method: options.method,
        headers: { ...headers, Accept: 'application/json', ...(body ? { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
        timeout: options.timeoutMs ?? 60_000,
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (error) => resolve(err(errorFromException(error, op))));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (error) => resolve(err(errorFromException(error, op))));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) return resolve(err(errorFromStatus(status, text, op)));
          try {
            resolve(ok({ status, body: (text ? JSON.parse(text) : undefined) as T }));
          } catch {
            resolve(err(kubeError('server', `Not JSON from ${options.path}`, { operation: op, status })));
          }
        });
      });
      if (body) req.write(body);
      req.end();
    });

  return { ...base, request: request as KubeClient['request'] };
}
