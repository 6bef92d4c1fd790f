/** The CloudEvent types `POST /api/events` accepts (SPEC.md "Events"), each with what it means. */
import { BadRequestError } from './bad-request-error.js';

/** What an accepted event reports, whichever naming family it comes from. */
export type EventIntent = 'lds-started' | 'lds-ended' | 'grading-completed' | 'grading-failed';

/** Type → intent. The three LDS naming families are in external-apis.md §2.5. */
export const ACCEPTED_EVENT_TYPES: ReadonlyMap<string, EventIntent> = new Map([
  ['lds.session.started', 'lds-started'],
  ['io.lablet.lds.session.running.v1', 'lds-started'],
  ['com.cisco.certs.lds.session.running.v1', 'lds-started'],
  ['lds.session.ended', 'lds-ended'],
  ['lds.session.user-finished', 'lds-ended'],
  ['com.cisco.certs.lds.session.userfinished.v1', 'lds-ended'],
  ['grading.session.completed', 'grading-completed'],
  ['grading.session.failed', 'grading-failed'],
]);

/** The intent of `type`; throws `BadRequestError` listing the accepted types for any other. */
export function intentOf(type: string): EventIntent {
  const intent = ACCEPTED_EVENT_TYPES.get(type);
  if (intent === undefined)
    throw new BadRequestError(
      `CloudEvent type "${type}" is not accepted; accepted types: ${[...ACCEPTED_EVENT_TYPES.keys()].join(', ')}`,
    );
  return intent;
}
