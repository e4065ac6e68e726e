import type { CookieJar } from 'tough-cookie';
import type { TemplateContext } from '../scenario';

/**
 * What one iteration carries from request to request: the data rows drawn for it, the values its
 * steps captured, its cookie jar, and (flows) the trace its steps belong to. Plain requests that
 * need none of these are sent without a scope (the hot path).
 */
export interface IterationScope {
  data: TemplateContext['data'];
  /** Captured values (`${vars.NAME}`), filled by the steps' captures. */
  vars: Record<string, string> | undefined;
  jar: CookieJar | undefined;
  /** Flow steps: the iteration's trace and its `flow NAME` span (the steps' parent). */
  traceId: string | undefined;
  parentSpanId: string | undefined;
}
