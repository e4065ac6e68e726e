type K8s = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
type ApiType = import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } }).ApiType;
type ApiConstructor<T extends ApiType> = import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } }).ApiConstructor<T>;
type KubeConfig = InstanceType<K8s['KubeConfig']>;
type HttpLibrary = ReturnType<K8s['wrapHttpLibrary']>;
type ConfigurationOptions = NonNullable<Parameters<InstanceType<K8s['CoreV1Api']>['listNamespacedPod']>[1]>;

/** Default bound on one API request (a list, a get, a write, a watch's response headers). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** A Kubernetes API request that got no (complete) answer within its bound. */
export class KubeRequestTimeoutError extends Error {
  override name = 'KubeRequestTimeoutError';
}

export interface RequestBounds {
  /** Aborting it aborts every request in flight and fails every later one at once. */
  session: AbortSignal;
  timeoutMs: number;
}

/**
 * client-node's own transport (node-fetch) with every request abortable from the moment it is sent
 * and bounded end to end: the request's signal (a caller's, see `abortableBy`) joined with the
 * session's and a timeout. client-node 1.x sets no timeout, so a dead connection waits forever.
 */
export function boundedHttpApi(k8s: K8s, bounds: RequestBounds): HttpLibrary {
  const fetchApi = k8s.createConfiguration().httpApi;
  return k8s.wrapHttpLibrary({
    async send(request) {
      const timeout = AbortSignal.timeout(bounds.timeoutMs);
      const caller = request.getSignal();
      request.setSignal(AbortSignal.any(caller ? [bounds.session, timeout, caller] : [bounds.session, timeout]));
      // node-fetch reports every abort as "The user aborted a request.": say when it was our bound.
      const explain = (error: unknown): unknown => (timeout.aborted && !bounds.session.aborted && !caller?.aborted
        ? new KubeRequestTimeoutError(`${request.getHttpMethod()} ${new URL(request.getUrl()).pathname}: no answer in ${seconds(bounds.timeoutMs)}`)
        : error);
      try {
        const response = await fetchApi.send(request).toPromise();
        const body = response.body;
        response.body = {
          text: () => body.text().catch((e: unknown) => { throw explain(e); }),
          binary: () => body.binary().catch((e: unknown) => { throw explain(e); }),
        };
        return response;
      } catch (error) {
        throw explain(error);
      }
    },
  });
}

/**
 * A KubeConfig whose API clients (`makeApiClient`, the usual way to get one) all use the bounded
 * transport: the watcher, WorkloadControl and Job creation alike.
 */
export function boundedKubeConfig(k8s: K8s, bounds: RequestBounds): KubeConfig {
  const httpApi = boundedHttpApi(k8s, bounds);
  class BoundedKubeConfig extends k8s.KubeConfig {
    override makeApiClient<T extends ApiType>(apiClientType: ApiConstructor<T>): T {
      const cluster = this.getCurrentCluster();
      if (!cluster) throw new Error('No active cluster!');
      return new apiClientType(k8s.createConfiguration({
        baseServer: new k8s.ServerConfiguration(cluster.server, {}),
        authMethods: { default: this },
        httpApi,
      }));
    }
  }
  return new BoundedKubeConfig();
}

/** Per-call options that abort that one call with `signal` (client-node's middleware hook). */
export function abortableBy(k8s: K8s, signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [{
      pre: (context) => { context.setSignal(signal); return new k8s.Observable(Promise.resolve(context)); },
      post: (response) => new k8s.Observable(Promise.resolve(response)),
    }],
    middlewareMergeStrategy: 'append',
  };
}

export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
