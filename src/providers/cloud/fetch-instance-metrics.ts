/**
 * One CloudWatch GetMetricData call for an instance's CPUUtilization (Average) and
 * NetworkIn/NetworkOut (Sum), reduced to the newest datapoint of each.
 */
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { InstanceMetrics } from './cloud-provider.js';

export interface FetchInstanceMetricsOptions {
  client: CloudWatchClient;
  instanceId: string;
  /** CloudWatch period; 300 for basic monitoring, 60 for detailed. */
  periodSeconds: number;
  /** End of the window. */
  now: Date;
  abortSignal?: AbortSignal;
}

/** Query id → metric; ids must start with a lower-case letter (CloudWatch rule). */
const QUERIES = [
  { id: 'cpu', metricName: 'CPUUtilization', stat: 'Average', field: 'cpuPercent' },
  { id: 'netin', metricName: 'NetworkIn', stat: 'Sum', field: 'networkInBytes' },
  { id: 'netout', metricName: 'NetworkOut', stat: 'Sum', field: 'networkOutBytes' },
] as const;

/** How many periods back to look: basic monitoring publishes a datapoint up to ~10 min late. */
const LOOKBACK_PERIODS = 3;

/** Fetches and parses; throws whatever the SDK throws (the caller maps it). */
export async function fetchInstanceMetrics(
  options: FetchInstanceMetricsOptions,
): Promise<InstanceMetrics> {
  const { periodSeconds, now, instanceId } = options;
  const queries: MetricDataQuery[] = QUERIES.map((query) => ({
    Id: query.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/EC2',
        MetricName: query.metricName,
        Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
      },
      Period: periodSeconds,
      Stat: query.stat,
    },
  }));
  const output = await options.client.send(
    new GetMetricDataCommand({
      StartTime: new Date(now.getTime() - LOOKBACK_PERIODS * periodSeconds * 1000),
      EndTime: now,
      ScanBy: 'TimestampDescending',
      MetricDataQueries: queries,
    }),
    options.abortSignal ? { abortSignal: options.abortSignal } : {},
  );
  return parseMetricData(output, periodSeconds);
}

/**
 * Takes the newest datapoint of each query (by timestamp, whatever the scan order). A result with
 * `StatusCode: InternalError` is thrown as a server fault so the caller reports Unavailable.
 */
export function parseMetricData(
  output: Pick<GetMetricDataCommandOutput, 'MetricDataResults'>,
  periodSeconds: number,
): InstanceMetrics {
  const metrics: InstanceMetrics = { periodSeconds };
  let newestMs: number | undefined;
  for (const result of output.MetricDataResults ?? []) {
    if (result.StatusCode === 'InternalError' || result.StatusCode === 'Forbidden')
      throw Object.assign(new Error(`metric ${result.Id ?? '?'}: ${result.StatusCode}`), {
        name: result.StatusCode === 'Forbidden' ? 'AccessDenied' : 'InternalFailure',
        $fault: result.StatusCode === 'Forbidden' ? 'client' : 'server',
      });
    const query = QUERIES.find((candidate) => candidate.id === result.Id);
    const values = result.Values ?? [];
    const timestamps = result.Timestamps ?? [];
    if (!query || values.length === 0) continue;
    let best = 0;
    for (let i = 1; i < values.length; i++)
      if ((timestamps[i]?.getTime() ?? 0) > (timestamps[best]?.getTime() ?? 0)) best = i;
    const value = values[best];
    if (value === undefined) continue;
    metrics[query.field] = value;
    const atMs = timestamps[best]?.getTime();
    if (atMs !== undefined && (newestMs === undefined || atMs > newestMs)) newestMs = atMs;
  }
  if (newestMs !== undefined) metrics.sampledAt = new Date(newestMs);
  return metrics;
}
