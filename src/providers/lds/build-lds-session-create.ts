/**
 * Builds the `POST lab_session` body LCM sends for one lablet session: the original system's fixed
 * values (external-apis.md §2.2) and one `minio` part for the definition's form.
 */
import type { LdsSessionCreate } from './lds-client.js';

export interface BuildLdsSessionCreateOptions {
  /** The LCM session name; LDS's `auth_id` and `candidate_id` (events correlate back by it). */
  sessionName: string;
  /** The definition's form qualified name. */
  formQualifiedName: string;
  /** When the student's timeslot starts. */
  scheduledAt: Date;
  variables?: Record<string, string>;
  email?: string;
}

export function buildLdsSessionCreate(options: BuildLdsSessionCreateOptions): LdsSessionCreate {
  return {
    origin: 'lablet-cloud-manager',
    auth_id: options.sessionName,
    auth_id_type: 'ordered_session',
    candidate_id: options.sessionName,
    first_name: 'Lablet',
    last_name: 'User',
    location: 'cloud',
    rack_group: 'LCM',
    rack_number: 1,
    scheduled_date: options.scheduledAt.toISOString(),
    timezone_offset: 0,
    ...(options.email === undefined ? {} : { email_address: options.email }),
    session_parts: [
      {
        repository_type: 'minio',
        form_qualified_name: options.formQualifiedName,
        ...(options.variables === undefined ? {} : { variables: options.variables }),
      },
    ],
  };
}
