/**
 * The OpenAPI 3 document at `/openapi.json`, generated from the route schemas, with the kinds'
 * spec and status schemas as components, and the docs UI at `/docs`.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { KIND_MODULES } from '../../resources/kinds/built-in-kinds.js';

export async function installOpenApi(app: FastifyInstance): Promise<void> {
  const kindSchemas = Object.fromEntries(
    KIND_MODULES.filter((module) => module.definition.internal !== true).flatMap((module) => [
      [`${module.definition.kind}Spec`, JSON.parse(JSON.stringify(module.specSchema)) as object],
      [
        `${module.definition.kind}Status`,
        JSON.parse(JSON.stringify(module.statusSchema)) as object,
      ],
    ]),
  );
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Lablet Cloud Manager API',
        version: 'v1',
        description:
          'Resources at /apis/lcm/v1 (the spec and status of each kind are under components). Authenticate with `Authorization: Bearer <token or API key>`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: kindSchemas,
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );
}
