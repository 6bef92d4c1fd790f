/** Books a class: definition, start, length and seats, with an availability check before it. */
import { useState, type SyntheticEvent } from 'react';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import { messageOf } from '../api/api-error';
import { checkAvailability, createObject, type Availability } from '../api/resources-api';
import { DEFAULT_NAMESPACE } from '../api/resource-paths';
import { useObjects, useStore } from '../state/live-context';
import { toLocalInput } from './format';

function className(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `class-${stamp}`;
}

export function ReservationForm() {
  const store = useStore();
  const definitions = useObjects<LabletDefinition>('LabletDefinition').items.filter(
    (d) => d.spec.state === 'Active',
  );
  const [definition, setDefinition] = useState('');
  const [name, setName] = useState(() => className(Date.now()));
  const [start, setStart] = useState(() => toLocalInput(Date.now() + 2 * 60_000));
  const [minutes, setMinutes] = useState(30);
  const [seats, setSeats] = useState(5);
  const [confirmNow, setConfirmNow] = useState(true);
  const [availability, setAvailability] = useState<Availability | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<string | undefined>();
  const chosen = definition || definitions[0]?.metadata.name || '';
  const timeWindow = () => {
    const startMs = new Date(start).getTime();
    return {
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + minutes * 60_000).toISOString(),
    };
  };
  const check = async () => {
    setError(undefined);
    try {
      setAvailability(
        await checkAvailability(DEFAULT_NAMESPACE, { definition: chosen, ...timeWindow() }),
      );
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(undefined);
    setCreated(undefined);
    try {
      const answer = await createObject('Reservation', {
        apiVersion: 'lcm/v1',
        kind: 'Reservation',
        metadata: { name, namespace: DEFAULT_NAMESPACE },
        spec: {
          definition: { name: chosen },
          ...timeWindow(),
          seatCount: seats,
          state: confirmNow ? 'Confirmed' : 'Pending',
        },
      });
      store.applyResponse(answer);
      setCreated(answer.metadata.name);
      setName(className(Date.now() + 1000));
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <form
      className="card reservation-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="new-reservation"
    >
      <h2 id="new-reservation">New reservation</h2>
      <div className="form-grid">
        <label>
          Name
          <input
            value={name}
            required
            pattern="[a-z0-9]([\-a-z0-9]*[a-z0-9])?"
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label>
          Definition
          <select value={chosen} required onChange={(event) => setDefinition(event.target.value)}>
            {definitions.map((each) => (
              <option key={each.metadata.name} value={each.metadata.name}>
                {each.spec.displayName} ({each.metadata.name})
              </option>
            ))}
          </select>
        </label>
        <label>
          Start
          <input
            type="datetime-local"
            value={start}
            required
            onChange={(event) => setStart(event.target.value)}
          />
        </label>
        <label>
          Length (minutes)
          <input
            type="number"
            min={1}
            max={480}
            value={minutes}
            required
            onChange={(event) => setMinutes(Number(event.target.value))}
          />
        </label>
        <label>
          Seats
          <input
            type="number"
            min={1}
            max={1000}
            value={seats}
            required
            onChange={(event) => setSeats(Number(event.target.value))}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={confirmNow}
            onChange={(event) => setConfirmNow(event.target.checked)}
          />
          Confirm now (capacity is prepared only for confirmed classes)
        </label>
      </div>
      <div className="actions">
        <button type="button" onClick={() => void check()} disabled={!chosen}>
          Check availability
        </button>
        <button type="submit" disabled={!chosen}>
          Create reservation
        </button>
      </div>
      {availability && (
        <p role="status" className="availability">
          {availability.seats.now} seats fit on running workers now;{' '}
          {availability.seats.withScaleUp} with the scale-up the limits allow
          {availability.pendingDemandSeats > 0
            ? ` (${availability.pendingDemandSeats} already promised to others)`
            : ''}
          .
          {seats > availability.seats.withScaleUp && (
            <strong> Not enough capacity for {seats} seats.</strong>
          )}
        </p>
      )}
      {created && <p role="status">Reservation {created} created.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
