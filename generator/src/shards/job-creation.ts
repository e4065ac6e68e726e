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
    const labels = (await core.readNamespacedPod({ name: pod, namespace })).metadata?.labels ?? {};
    name = labels['batch.kubernetes.io/job-name'] ?? labels['job-name'];
    if (name === undefined) throw new Error(`pod ${namespace}/${pod} has no job-name label`);
  }
  const batch = client.config.makeApiClient(client.k8s.BatchV1Api);
  const created = (await batch.readNamespacedJob({ name, namespace })).metadata?.creationTimestamp;
  if (created === undefined) throw new Error(`job ${namespace}/${name} has no creationTimestamp`);
  return new Date(created).getTime();
}

function serviceAccountNamespace(): string | undefined {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
