import { readFileSync } from 'node:fs';
import { connect } from '../kube';
import { SHARD_ENV } from './shard-spec';

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/**
 * The creationTimestamp (epoch ms) of the Job this pod belongs to. The Job name is
 * SCALETRACE_JOB_NAME, else this pod's `batch.kubernetes.io/job-name` (or `job-name`) label,
 * read from the pod named HOSTNAME. Needs `get` on jobs (and pods without SCALETRACE_JOB_NAME).
 */
export async function readJobCreatedAt(env: NodeJS.ProcessEnv): Promise<number> {
  const client = await connect({ namespace: env.POD_NAMESPACE ?? serviceAccountNamespace() });
  const namespace = client.namespace;
  let name = env[SHARD_ENV.jobName];
  if (name === undefined || name === '') {
    const pod = env.HOSTNAME;
    if (pod === undefined || pod === '') throw new Error(`neither ${SHARD_ENV.jobName} nor HOSTNAME (the pod name) is set`);
    const core = client.config.makeApiClient(client.k8s.CoreV1Api);
    const labels = (await core.readNamespacedPod({ name: pod, namespace }).catch(apiError(`get pod ${namespace}/${pod}`))).metadata?.labels ?? {};
    name = labels['batch.kubernetes.io/job-name'] ?? labels['job-name'];
    if (name === undefined) throw new Error(`pod ${namespace}/${pod} has no job-name label`);
  }
  const batch = client.config.makeApiClient(client.k8s.BatchV1Api);
  const created = (await batch.readNamespacedJob({ name, namespace }).catch(apiError(`get job ${namespace}/${name}`))).metadata?.creationTimestamp;
  if (created === undefined) throw new Error(`job ${namespace}/${name} has no creationTimestamp`);
  return new Date(created).getTime();
}

/** client-node's ApiException message is code, body and headers over many lines: keep code and the API's own message. */
function apiError(what: string): (error: unknown) => never {
  return (error) => {
    const e = error as { code?: unknown; body?: unknown };
    if (typeof e.code !== 'number') throw error;
    let message: unknown;
    try {
      message = (JSON.parse(String(e.body)) as { message?: unknown }).message;
    } catch {
      // not a Status body
    }
    throw new Error(`${what}: HTTP ${e.code}${typeof message === 'string' ? ` (${message})` : ''}`);
  };
}

function serviceAccountNamespace(): string | undefined {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
