/** An error answer of the API (`{ code, reason, message, details }`, docs/errors.md) as thrown here. */

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  /** The machine reason, e.g. `Invalid`, `Conflict`, `Forbidden`. */
  readonly reason: string;
  /** The offending field when the API named one (`details.field`), e.g. `spec.version`. */
  readonly field: string | undefined;
  readonly details: Record<string, unknown>;

  constructor(status: number, body: unknown) {
    const parsed = (typeof body === 'object' && body !== null ? body : {}) as {
      reason?: unknown;
      message?: unknown;
      details?: unknown;
    };
    super(typeof parsed.message === 'string' ? parsed.message : `request failed (${status})`);
    this.status = status;
    this.reason = typeof parsed.reason === 'string' ? parsed.reason : 'Unknown';
    this.details =
      typeof parsed.details === 'object' && parsed.details !== null
        ? (parsed.details as Record<string, unknown>)
        : {};
    this.field = typeof this.details.field === 'string' ? this.details.field : undefined;
  }
}

/** A message for a person from anything thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError)
    return error.field ? `${error.field}: ${error.message}` : error.message;
  return error instanceof Error ? error.message : String(error);
}
