/**
 * `GET /api/audit` (admin): the audit trail, oldest first, paged and filtered. Verb, kind,
 * namespace and name filter in the store (labels); actor and time filter while paging.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PSEUDO_KINDS } from '../../auth/index.js';
import { AUDIT_LABELS } from '../../client/audit-trail.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { AuditRecord } from '../../resources/kinds/audit-record.js';
import { AnyObject, ERROR_RESPONSES } from '../schemas/common-schemas.js';

const LabelValue = Type.String({
  pattern: '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$',
  maxLength: 63,
});
const AuditQuery = Type.Object(
  {
    actor: Type.Optional(
      Type.String({ maxLength: 300, description: 'actor id, e.g. a user name or apikey:<id>' }),
    ),
    verb: Type.Optional(LabelValue),
    kind: Type.Optional(LabelValue),
    namespace: Type.Optional(LabelValue),
    name: Type.Optional(LabelValue),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    continue: Type.Optional(Type.String({ maxLength: 4096 })),
  },
  { additionalProperties: false },
);
const AuditPage = Type.Object({
  items: Type.Array(AnyObject),
  continue: Type.Optional(Type.String()),
});

/** How many records one request reads at most while filtering, so a rare actor cannot stall it. */
const SCAN_BUDGET = 5000;

export async function auditRoutes(
  app: FastifyInstance,
  options: { reader: Pick<ResourceClient, 'list'> },
): Promise<void> {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Query the audit trail',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...ERROR_RESPONSES },
      },
      config: { access: { kind: PSEUDO_KINDS.audit, verb: 'list' } },
    },
    async (request) => {
      const query = request.query as Static<typeof AuditQuery>;
      const limit = query.limit ?? 100;
      const selector = (['verb', 'kind', 'namespace', 'name'] as const)
        .filter((key) => query[key] !== undefined)
        .map((key) => `${AUDIT_LABELS[key]}=${query[key] ?? ''}`)
        .join(',');
      const keep = (record: AuditRecord) =>
        (query.actor === undefined || record.spec.actor.id === query.actor) &&
        (query.since === undefined || Date.parse(record.spec.at) >= Date.parse(query.since)) &&
        (query.until === undefined || Date.parse(record.spec.at) < Date.parse(query.until));
      const items: AuditRecord[] = [];
      let next = query.continue;
      let scanned = 0;
      do {
        const page = await options.reader.list('AuditRecord', {
          // Never read more than still fits, so no matching record falls between pages.
          limit: Math.min(500, limit - items.length),
          ...(selector ? { labelSelector: selector } : {}),
          ...(next ? { continue: next } : {}),
        });
        scanned += page.items.length;
        for (const record of page.items as unknown as AuditRecord[])
          if (keep(record)) items.push(record);
        next = page.continue;
      } while (next && items.length < limit && scanned < SCAN_BUDGET);
      return { items, ...(next ? { continue: next } : {}) };
    },
  );
}
