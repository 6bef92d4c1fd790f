/**
 * Serves the built dashboard (dist/ui, `npm run build:ui`): `/` and its `assets/`, and index.html
 * for any other page a browser asks for (client-side routes such as `/sessions/default/s1`) through
 * the not-found handler, so that no catch-all route competes with the API's: API paths keep every
 * answer of their own router (404, 405, 414) as JSON. Without a build, page requests get a page
 * saying how to make one instead of failing.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DashboardOptions {
  /** Folder of the built dashboard. @default `<package root>/dist/ui` */
  dir?: string;
  /** Told to the login page (as `<meta>` tags) so it sends people to the issuer. */
  oidc?: { issuer: string; clientId: string };
}

export interface Dashboard {
  /** Registers `/` and `/assets/*`; register after the API routes. */
  routes: (app: FastifyInstance) => Promise<void>;
  /** For the not-found handler: index.html for a page request, else `undefined`. */
  notFoundPage: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | undefined;
}

/** Paths that belong to the API: a miss there is the API's JSON 404, never the dashboard. */
const API_PREFIXES = [
  '/api/',
  '/apis/',
  '/docs',
  '/openapi.json',
  '/metrics',
  '/healthz',
  '/readyz',
];

/** From src/api/plugins/ and from dist/api/plugins/ alike, three levels up is the package root. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../dist/ui/', import.meta.url));

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lablet Cloud Manager</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>The dashboard is not built</h1>
<p>The API is running, but the web dashboard has not been built into <code>dist/ui</code>.
Build it with <code>npm run build:ui</code> (<code>npm install</code> and <code>npm run build</code> do it too),
then reload this page. The API documentation is at <a href="/docs">/docs</a>.</p>
</body></html>
`;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A browser navigating to a page: GET, asks for HTML, and not under an API path. */
function isPageRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '/';
  return (
    request.method === 'GET' &&
    (request.headers.accept ?? '').includes('text/html') &&
    !API_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))
  );
}

export function createDashboard(options: DashboardOptions = {}): Dashboard {
  const dir = options.dir ?? DEFAULT_DASHBOARD_DIR;
  const meta = options.oidc
    ? `<meta name="lcm-oidc-issuer" content="${escapeAttribute(options.oidc.issuer)}" />` +
      `<meta name="lcm-oidc-client-id" content="${escapeAttribute(options.oidc.clientId)}" />`
    : '';

  // Read at every request (it is small): a rebuild shows without a restart.
  const sendIndex = async (reply: FastifyReply) => {
    let html: string;
    try {
      html = await readFile(join(dir, 'index.html'), 'utf8');
    } catch {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    }
    return reply
      .code(200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(meta ? html.replace('</head>', `${meta}</head>`) : html);
  };

  return {
    async routes(app) {
      // The page holds no data: public, and not part of the API's OpenAPI document.
      const route = { schema: { hide: true }, config: { access: 'public' as const } };
      app.get('/', route, async (_request, reply) => sendIndex(reply));
      // Only the reply.sendFile decorator, in this plugin's scope: the route below serves.
      await app.register(async (scope) => {
        await scope.register(fastifyStatic, { root: dir, serve: false, dotfiles: 'deny' });
        scope.get('/assets/*', route, async (request, reply) => {
          const file = (request.params as { '*': string })['*'];
          // Built names only: no way out of the folder, and no dot files.
          if (!/^[\w-]+(\.[\w-]+)+$/.test(file)) return reply.callNotFound();
          // Hashed names: a file never changes under its name.
          return reply.sendFile(`assets/${file}`, { maxAge: '365d', immutable: true });
        });
      });
    },
    notFoundPage: (request, reply) => (isPageRequest(request) ? sendIndex(reply) : undefined),
  };
}
