import { LABELS as L, METRICS as M } from './names';
import { eq, re, selector } from './selector';
import { DASHBOARD_SCOPE as V } from './scope';

/* Grafana template-variable queries (Prometheus `label_values`), shared by the dashboards and plugin. */

export const VARIABLE_QUERIES = {
  /** Runs that exported anything in the time range. */
  runId: `label_values(${M.runInfo}, ${L.runId})`,
  namespace: `label_values(${selector(M.hpaCurrentReplicas, eq(L.runId, V.runId))}, ${L.namespace})`,
  hpa: `label_values(${selector(M.hpaCurrentReplicas, eq(L.runId, V.runId), re(L.namespace, V.namespace))}, ${L.hpa})`,
  /** The Scaling dashboard compares runs, so its HPA lists are not limited to one run. */
  anyRunNamespace: `label_values(${M.hpaCurrentReplicas}, ${L.namespace})`,
  anyRunHpa: `label_values(${selector(M.hpaCurrentReplicas, re(L.namespace, V.namespace))}, ${L.hpa})`,
} as const;
