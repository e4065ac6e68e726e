/** Query parameters whose values are secrets (matched case-insensitively as a substring of the name). */
const SECRET_PARAM = /(token|key|secret|password|passwd|pwd|auth|credential|signature|sig|session|code)/i;

export const REDACTED = 'REDACTED';

/** Redacts credential-like query values of a query string (without the leading '?'). */
export function redactQuery(query: string): string {
  if (query === '') return query;
  const parts = query.split('&');
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    let name = part.slice(0, eq);
    try {
      name = decodeURIComponent(name);
    } catch {
      // keep the raw name: a malformed escape is still matched as written
    }
    if (SECRET_PARAM.test(name) && part.slice(eq + 1) !== REDACTED) {
      parts[i] = part.slice(0, eq + 1) + REDACTED;
      changed = true;
    }
  }
  return changed ? parts.join('&') : query;
}

/** Removes userinfo (`user:pass@`) from an absolute URL's authority, without reparsing the rest. */
function stripUserinfo(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme < 0) return url;
  const authorityStart = scheme + 3;
  let authorityEnd = url.length;
  for (let i = authorityStart; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) {
      authorityEnd = i;
      break;
    }
  }
  const at = url.lastIndexOf('@', authorityEnd - 1);
  if (at < authorityStart) return url;
  return url.slice(0, authorityStart) + url.slice(at + 1);
}

/** The URL as it may appear in telemetry: userinfo removed, credential-like query params → REDACTED. */
export function redactUrl(url: string): string {
  let out = stripUserinfo(url);
  const q = out.indexOf('?');
  if (q < 0) return out;
  const hash = out.indexOf('#', q);
  const query = hash < 0 ? out.slice(q + 1) : out.slice(q + 1, hash);
  const redacted = redactQuery(query);
  if (redacted !== query) out = out.slice(0, q + 1) + redacted + (hash < 0 ? '' : out.slice(hash));
  return out;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s'"<>]+/g;

/** Free text (an error message) with every URL in it redacted like `redactUrl`. */
export function redactUrlsInText(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}
