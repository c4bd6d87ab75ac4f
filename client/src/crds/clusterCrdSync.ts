/**
 * Keeps the language server's cluster CRDs in step with the current kubeconfig context: the
 * cached CRDs of that context's server at once (so custom resources validate before, or without,
 * a connection), then, in a trusted workspace, the live ones, followed while connected and written
 * back to the cache. Free of `vscode` (glue in clusterCrdsGlue.ts), so a plain test drives it.
 */
import type { Result } from '../../../platform/result';
import type { KubeClient } from '../../../kube/client';
import type { KubeError } from '../../../kube/errors';
import { readCrdCache, writeCrdCache, type CrdCacheOptions } from '../../../kube/crds/crdCache';
import { followClusterCrds, type CrdFollower, type CrdFollowerListener } from '../../../kube/crds/followCrds';
import type { ClusterCrdsParams } from '../../../protocol/protocol';

export interface CurrentCluster {
  /** The kubeconfig context, as users name the cluster. */
  readonly context: string;
  /** Its cluster's server URL: the key of the on-disk cache. */
  readonly server: string;
}

export interface ClusterCrdSyncDeps {
  /** The context commands act on, and its server; undefined when there is none. */
  current(): CurrentCluster | undefined;
  /** Whether `berth.crds.fromCluster` is on. */
  enabled(): boolean;
  /** Whether the workspace is trusted; a restricted one only reads the cache. */
  trusted(): boolean;
  connect(context: string): Promise<Result<KubeClient, KubeError>>;
  /** Hands the CRDs (or nothing, to forget them) to the language server. */
  send(params: ClusterCrdsParams): void;
  readonly log: { info(message: string): void; warn(message: string): void };
  readonly cache?: CrdCacheOptions;
  /** Default: followClusterCrds (the watch); tests pass a stand-in. */
  readonly follow?: (client: KubeClient, listener: CrdFollowerListener) => CrdFollower;
}

interface Following {
  readonly key: string;
  readonly stop: AbortController;
  follower?: CrdFollower;
}

export class ClusterCrdSync {
  private following: Following | undefined;
  private lastSent: ClusterCrdsParams | undefined;

  constructor(private readonly deps: ClusterCrdSyncDeps) {}

  /** Looks at the context, the setting and trust again; starts over when one of them changed. */
  refresh(): void {
    const current = this.deps.enabled() ? this.deps.current() : undefined;
    const trusted = this.deps.trusted();
    const key = current ? `${current.context}\n${current.server}\n${trusted}` : '';
    if (key === (this.following?.key ?? '')) return;
    this.stop();
    if (!current) {
      this.forget();
      return;
    }
    const following: Following = { key, stop: new AbortController() };
    this.following = following;
    this.sendCached(current);
    if (trusted) void this.connect(current, following);
  }

  /** Sends the last CRDs again: a restarted language server starts without them. */
  resend(): void {
    if (this.lastSent) this.deps.send(this.lastSent);
  }

  dispose(): void {
    this.stop();
  }

  private sendCached(current: CurrentCluster): void {
    const cached = readCrdCache(current.server, this.deps.cache);
    if (!cached.ok) {
      this.deps.log.warn(cached.error.message);
      this.forget();
      return;
    }
    if (!cached.value) {
      // Another context's CRDs must not stay in force for this one.
      this.forget();
      return;
    }
    this.send({ cluster: current.context, cachedAt: cached.value.cachedAt, crds: cached.value.crds });
  }

  private async connect(current: CurrentCluster, following: Following): Promise<void> {
    const client = await this.deps.connect(current.context);
    if (following.stop.signal.aborted) return;
    if (!client.ok) {
      this.deps.log.info(`CRDs of context ${current.context}: ${client.error.message} (using the cached ones, if any).`);
      return;
    }
    let lastError = '';
    const follow = this.deps.follow ?? ((c, l) => followClusterCrds(c, l));
    following.follower = follow(client.value, {
      onCrds: (crds, listedAt) => {
        if (following.stop.signal.aborted) return;
        lastError = '';
        const cachedAt = listedAt.toISOString();
        const written = writeCrdCache({ server: current.server, context: current.context, cachedAt, crds }, this.deps.cache);
        if (!written.ok) this.deps.log.warn(written.error.message);
        this.send({ cluster: current.context, cachedAt, crds });
      },
      onError: (error) => {
        // The watch retries on its own; one line per distinct failure is enough.
        if (following.stop.signal.aborted || error.message === lastError) return;
        lastError = error.message;
        this.deps.log.info(`CRDs of context ${current.context}: ${error.message} (the last ones read stay in use).`);
      },
    });
  }

  private send(params: ClusterCrdsParams): void {
    this.lastSent = params;
    this.deps.send(params);
  }

  private forget(): void {
    if (!this.lastSent || this.lastSent.crds.length === 0) return;
    this.send({ crds: [] });
  }

  private stop(): void {
    if (!this.following) return;
    this.following.stop.abort();
    this.following.follower?.dispose();
    this.following = undefined;
  }
}
