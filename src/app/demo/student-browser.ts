/**
 * What a simulated student's browser does against lds-sim: open the lab's login URL (lds-sim then
 * emits `lds.session.started`) and press "finish" (`POST /_sim/sessions/{id}/finish`, which emits
 * `lds.session.user-finished`). A refused request (4xx) is final; an unreachable or failing sim
 * is `Unavailable`, so the caller retries.
 */
import { Agent, request } from 'undici';
import { UnavailableError } from '../../errors/index.js';
import { TerminalError } from '../../runtime/index.js';

const REQUEST_TIMEOUT_MS = 10_000;

export class StudentBrowser {
  readonly #ldsSimUrl: string;
  readonly #agent = new Agent({
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });

  /** @param ldsSimUrl base URL of the lds-sim whose sessions the students attend */
  constructor(ldsSimUrl: string) {
    this.#ldsSimUrl = ldsSimUrl.replace(/\/+$/, '');
  }

  /** Opens the launch page, as the student's click on the login link does. */
  async open(loginUrl: string): Promise<void> {
    await this.#call('GET', loginUrl, 'open the lab');
  }

  /** Ends the lab from the student's side ("I am done"). */
  async finish(ldsSessionId: string): Promise<void> {
    const path = `/_sim/sessions/${encodeURIComponent(ldsSessionId)}/finish`;
    await this.#call('POST', `${this.#ldsSimUrl}${path}`, 'finish the lab');
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #call(method: 'GET' | 'POST', url: string, what: string): Promise<void> {
    let status: number;
    try {
      const response = await request(url, { method, dispatcher: this.#agent });
      status = response.statusCode;
      await response.body.dump();
    } catch (error) {
      throw new UnavailableError(`a demo student could not ${what}: ${String(error)}`, {
        cause: error,
      });
    }
    if (status >= 500)
      throw new UnavailableError(`a demo student could not ${what}: lds-sim answered ${status}`);
    if (status >= 400)
      throw new TerminalError(`a demo student could not ${what}: lds-sim answered ${status}`);
  }
}
