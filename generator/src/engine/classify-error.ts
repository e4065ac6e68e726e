/** Codes that mean "the request ran out of time". */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
/** Codes that mean "we (or shutdown) cancelled it". */
const ABORT_CODES = new Set(['UND_ERR_ABORTED', 'UND_ERR_DESTROYED', 'UND_ERR_CLOSED', 'ABORT_ERR']);

/** Failures before any connection exists: the target is down or unresolvable. */
export const CONNECT_ERROR_TYPES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
]);

interface ErrorLike { code?: unknown; name?: unknown; errors?: unknown; cause?: unknown }

const MAX_DEPTH = 3;

function classify(err: unknown, depth: number): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as ErrorLike;
  const code = typeof e.code === 'string' && e.code !== '' ? e.code : undefined;
  if (code !== undefined) {
    if (TIMEOUT_CODES.has(code)) return 'timeout';
    if (ABORT_CODES.has(code)) return 'aborted';
    // undici's SocketError ("other side closed") may wrap the socket's own errno
    if (code === 'UND_ERR_SOCKET') return (depth < MAX_DEPTH ? classify(e.cause, depth + 1) : undefined) ?? 'socket_closed';
    return code;
  }
  if (e.name === 'TimeoutError') return 'timeout';
  if (e.name === 'AbortError') return 'aborted';
  if (depth < MAX_DEPTH) {
    // happy-eyeballs connects fail with an AggregateError of per-address errors
    if (Array.isArray(e.errors) && e.errors.length > 0) {
      const inner = classify(e.errors[0], depth + 1);
      if (inner !== undefined) return inner;
    }
    const inner = classify(e.cause, depth + 1);
    if (inner !== undefined) return inner;
  }
  if (depth > 0) return undefined;
  const ctor = (err as { constructor?: { name?: unknown } }).constructor;
  return ctor !== undefined && typeof ctor.name === 'string' && ctor.name !== '' ? ctor.name : undefined;
}

/** The `error.type` value for a transport-level failure (HTTP statuses are classified where the response is). */
export function classifyError(err: unknown): string {
  return classify(err, 0) ?? 'unknown';
}
