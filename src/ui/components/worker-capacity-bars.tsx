/** A worker's allocated-of-declared capacity as bars: compact in the table, every resource in detail. */
import type { Worker } from '../../resources/kinds/worker.js';
import { CapacityBar } from './capacity-bar';
import { formatMemory } from './format';

type Capacity = NonNullable<NonNullable<Worker['status']>['capacity']>;

export function WorkerCapacityBars(props: { capacity: Capacity; compact?: boolean }) {
  const { allocated, declared } = props.capacity;
  const compact = props.compact ?? false;
  return (
    <>
      <CapacityBar
        label={compact ? 'CPU' : 'CPU (vCPU)'}
        used={allocated.cpu}
        total={declared.cpu}
      />
      <CapacityBar
        label={compact ? 'Mem' : 'Memory'}
        used={allocated.memoryMiB}
        total={declared.memoryMiB}
        format={formatMemory}
      />
      {!compact && (
        <CapacityBar
          label="Storage (GiB)"
          used={allocated.storageGiB}
          total={declared.storageGiB}
        />
      )}
      <CapacityBar
        label={compact ? 'Nodes' : 'CML nodes'}
        used={allocated.nodes}
        total={declared.nodes}
      />
    </>
  );
}
