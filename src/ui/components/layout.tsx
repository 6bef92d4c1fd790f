/** The frame of every signed-in page: navigation for the principal's roles, stream status, logout. */
import type { ReactNode } from 'react';
import type { Principal } from '../api/auth-api';
import { useLiveSnapshot } from '../state/live-context';
import { can, isOperator } from '../state/permissions';
import { useLocation } from '../state/router';
import { Link } from './link';

interface NavItem {
  href: string;
  label: string;
}

function navItems(principal: Principal): NavItem[] {
  const items: NavItem[] = [];
  if (isOperator(principal))
    items.push(
      { href: '/', label: 'Overview' },
      { href: '/workers', label: 'Workers' },
      { href: '/sessions', label: 'Sessions' },
    );
  else items.push({ href: '/my-labs', label: 'My labs' });
  if (can(principal, 'watch', 'LabletDefinition') && isOperator(principal))
    items.push({ href: '/definitions', label: 'Definitions' });
  else if (can(principal, 'create', 'LabletDefinition'))
    items.push({ href: '/definitions', label: 'Definitions' });
  if (can(principal, 'watch', 'Reservation'))
    items.push({ href: '/reservations', label: 'Reservations' });
  if (principal.roles.includes('admin')) items.push({ href: '/audit', label: 'Audit' });
  return items;
}

const STATUS_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

export function Layout(props: { principal: Principal; onLogout: () => void; children: ReactNode }) {
  const { principal, onLogout, children } = props;
  const { path } = useLocation();
  const { status } = useLiveSnapshot();
  const current = (href: string) => (href === '/' ? path === '/' : path.startsWith(href));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Lablet Cloud Manager</span>
        <nav aria-label="Main">
          <ul>
            {navItems(principal).map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={current(item.href) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="session-info">
          <span className={`stream stream-${status}`} role="status" aria-live="polite">
            {STATUS_TEXT[status]}
          </span>
          <span className="who">
            {principal.username} <span className="muted">({principal.roles.join(', ')})</span>
          </span>
          <button type="button" onClick={onLogout}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
