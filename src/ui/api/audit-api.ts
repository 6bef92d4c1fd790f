/** `GET /api/audit` (admin): the audit trail, oldest first, paged. */
import type { AuditRecord } from '../../resources/kinds/audit-record.js';
import { queryString, requestJson } from './http';

export interface AuditFilter {
  actor?: string;
  verb?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  since?: string;
  until?: string;
}

export interface AuditPage {
  items: AuditRecord[];
  continue?: string;
}

export async function queryAudit(
  filter: AuditFilter,
  page: { limit: number; continue?: string },
): Promise<AuditPage> {
  return requestJson<AuditPage>(`/api/audit${queryString({ ...filter, ...page })}`);
}
