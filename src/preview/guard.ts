/**
 * Which requests `declare preview` answers (issue 16). The server listens on 127.0.0.1
 * only, and still refuses what is not for its own pages:
 *
 * - a Host header other than `127.0.0.1:PORT` or `localhost:PORT` (403): a page on another
 *   site that rebinds its own name to 127.0.0.1 (DNS rebinding) sends its own name;
 * - a target that is not a plain path (absolute-form `http://…`, `*`), or that climbs
 *   with `..` (also as `%2e%2e`, or with a backslash) (403);
 * - anything but GET and HEAD (405);
 * - any path but the fixed routes below (404): nothing else is served from the disk but
 *   the woff2 files of render's own font set (src/render/fonts.ts), by name, from its
 *   list; there is no directory to list and no file outside the preview's own assets.
 */

/** The preview's pages and assets. */
export const ROUTES = ['/', '/app.js', '/app.css', '/form', '/state', '/events'] as const;
/** One of ROUTES, or a font of the form (`/fonts/NAME.woff2`, render's own fonts). */
export type Route = (typeof ROUTES)[number] | '/fonts/';

/** The verdict on one request (`font`: the file name asked for under /fonts/). */
export type Verdict = { ok: true; route: Route; font?: string } | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

const FONT = /^\/fonts\/([a-z0-9-]+\.woff2)$/;

/** Judge a request by its method, raw target and Host header. Pure. */
export function judgeRequest(method: string | undefined, target: string | undefined, host: string | undefined, port: number): Verdict {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  if (!host || !allowed.has(host.toLowerCase())) return { ok: false, status: 403, reason: 'foreign Host header' };
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: 'method not allowed' };
  if (!target || !target.startsWith('/') || target.startsWith('//')) return { ok: false, status: 403, reason: 'not a path' };
  const path = target.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (/(^|[/\\])\.\.?([/\\]|$)/.test(path) || /(^|[/\\])\.\.?([/\\]|$)/.test(decoded) || decoded.includes('\\') || decoded.includes('\0')) {
    return { ok: false, status: 403, reason: 'path traversal' };
  }
  const route = ROUTES.find((r) => r === path);
  if (route) return { ok: true, route };
  const font = FONT.exec(path);
  return font ? { ok: true, route: '/fonts/', font: font[1]! } : { ok: false, status: 404, reason: 'not found' };
}
