/** An RBAC rule as a Role lists it (`group` "" is the core API group). */
export interface RbacRule { group: string; resource: string; verbs: string[] }

/**
 * Every API call `faults:` makes (deletePods: list + delete pods; scaleTo: the scale subresource and
 * the Deployment's ready count). Opt-in: the watcher's Role stays read-only; k8s/ grants these in a
 * separate Role, kept in step with this list by a test.
 */
export const FAULTS_RBAC: ReadonlyArray<RbacRule> = [
  { group: '', resource: 'pods', verbs: ['list', 'delete'] },
  { group: 'apps', resource: 'deployments', verbs: ['get'] },
  { group: 'apps', resource: 'deployments/scale', verbs: ['get', 'patch'] },
];

/**
 * Every API call `scaletrace matrix` makes: pin replicas through the scale subresource, pin (and
 * restore) the HPA's min/max, read the Deployment's ready count. Opt-in, like FAULTS_RBAC.
 */
export const MATRIX_RBAC: ReadonlyArray<RbacRule> = [
  { group: 'apps', resource: 'deployments', verbs: ['get'] },
  { group: 'apps', resource: 'deployments/scale', verbs: ['get', 'patch'] },
  { group: 'autoscaling', resource: 'horizontalpodautoscalers', verbs: ['get', 'patch'] },
];

/** The Role rule a 403 is missing, in the YAML a user pastes into the Role. */
export function ruleYaml(rule: { group: string; resource: string; verbs: string[] }): string {
  return `- apiGroups: ["${rule.group}"] resources: ["${rule.resource}"] verbs: [${rule.verbs.map((v) => `"${v}"`).join(',')}]`;
}
