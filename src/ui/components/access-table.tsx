/** A session's reachable devices and ports, with a link where the protocol has a URL scheme. */
import type { LabletSession } from '../../resources/kinds/lablet-session.js';

const SCHEMES: Record<string, string> = {
  ssh: 'ssh',
  telnet: 'telnet',
  http: 'http',
  https: 'https',
  vnc: 'vnc',
};

export function accessUrl(protocol: string, host: string, port: number): string | undefined {
  const scheme = SCHEMES[protocol];
  return scheme ? `${scheme}://${host}:${port}` : undefined;
}

export function AccessTable(props: { session: LabletSession }) {
  const status = props.session.status;
  const devices = status?.access?.devices ?? [];
  const ports = status?.ports ?? [];
  if (devices.length === 0 && ports.length === 0)
    return <p className="muted">No ports allocated yet.</p>;
  const rows =
    ports.length > 0
      ? ports.map((p) => ({
          label: p.device,
          protocol: p.protocol,
          host: p.host,
          port: p.port,
          student: devices.some((d) => d.label === p.device && d.port === p.port),
        }))
      : devices.map((d) => ({ ...d, student: true }));
  return (
    <table className="table">
      <caption className="visually-hidden">Ports and devices</caption>
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Protocol</th>
          <th scope="col">Address</th>
          <th scope="col">Student access</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const url = accessUrl(row.protocol, row.host, row.port);
          return (
            <tr key={`${row.label}-${row.protocol}-${row.port}`}>
              <th scope="row">{row.label}</th>
              <td>{row.protocol}</td>
              <td>
                {url ? <a href={url}>{`${row.host}:${row.port}`}</a> : `${row.host}:${row.port}`}
              </td>
              <td>{row.student ? 'yes' : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
