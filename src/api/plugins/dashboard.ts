/**
 * Serves the built dashboard (dist/ui, `npm run build:ui`) at `/`: its files, and index.html for
 * any other GET that asks for HTML (client-side routes such as `/sessions/default/s1`). API paths
 * are never answered here: their routes are more specific, and an unknown one stays a JSON 404.
 * Without a build, `/` answers a page saying how to make one instead of failing.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DashboardOptions {
  /** Folder of the built dashboard. @default `<package root>/dist/ui` */
  dir?: string;
  /** Told to the login page (as `<meta>` tags) so it sends people to the issuer. */
  oidc?: { issuer: string; clientId: string };
}

/** Paths that belong to the API: a miss there is the API's 404, never the dashboard. */
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

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function dashboardRoutes(
  app: FastifyInstance,
  options: DashboardOptions,
): Promise<void> {
  const dir = options.dir ?? DEFAULT_DASHBOARD_DIR;
  // Only the reply.sendFile decorator: the route below decides what is served, with its access.
  await app.register(fastifyStatic, { root: dir, serve: false, dotfiles: 'deny' });
  const meta = options.oidc
    ? `<meta name="lcm-oidc-issuer" content="${escapeAttribute(options.oidc.issuer)}" />` +
      `<meta name="lcm-oidc-client-id" content="${escapeAttribute(options.oidc.clientId)}" />`
    : '';

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
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(meta ? html.replace('</head>', `${meta}</head>`) : html);
  };

  app.get(
    '/*',
    { schema: { hide: true }, config: { access: 'public' } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (
        API_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))
      )
        return reply.callNotFound();
      const relative = normalize(decodeURIComponent(path)).replace(/^\/+/, '');
      if (
        relative !== '' &&
        !relative.startsWith('..') &&
        relative !== 'index.html' &&
        (await isFile(join(dir, relative)))
      ) {
        const immutable = relative.startsWith('assets/');
        return reply.sendFile(
          relative,
          immutable ? { maxAge: '365d', immutable: true } : { maxAge: 0 },
        );
      }
      if (!(request.headers.accept ?? '').includes('text/html')) return reply.callNotFound();
      return sendIndex(reply);
    },
  );
}
