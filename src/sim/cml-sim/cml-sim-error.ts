/**
 * An error answer of the simulated CML: the HTTP status and CML's `{code, description}` body,
 * thrown by the sim's state classes and rendered by the app's error handler.
 */
export class CmlSimError extends Error {
  readonly status: number;

  constructor(status: number, description: string) {
    super(description);
    this.name = 'CmlSimError';
    this.status = status;
  }
}
