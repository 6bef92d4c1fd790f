/** The part of autocannon's programmatic API the API benchmark uses (the package ships no types). */
declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    max: number;
    total?: number;
  }

  interface Request {
    method?: string;
    path?: string;
    body?: string;
    headers?: Record<string, string>;
    /** Called before each request; returns the request to send. */
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
  }

  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests per second over all connections; as fast as possible when absent. */
    overallRate?: number;
    headers?: Record<string, string>;
    requests?: Request[];
  }

  interface Result {
    /** Milliseconds (corrected for coordinated omission when a rate is set). */
    latency: Histogram;
    /** Completed requests per second, sampled each second; `total` is the count. */
    requests: Histogram;
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  function autocannon(options: Options): Promise<Result>;
  // eslint-disable-next-line no-restricted-syntax -- describes the package's own CommonJS export
  export default autocannon;
  export type { Request, Result };
}
