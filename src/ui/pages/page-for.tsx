/** The page for the current path, within what the principal's roles allow. */
import { useEffect } from 'react';
import type { Principal } from '../api/auth-api';
import { isOperator } from '../state/permissions';
import { matchRoute, navigate, useLocation } from '../state/router';
import { AuditPage } from './audit-page';
import { DefinitionsPage } from './definitions-page';
import { MyLabsPage } from './my-labs-page';
import { NotFoundPage } from './not-found-page';
import { OverviewPage } from './overview-page';
import { ReservationsPage } from './reservations-page';
import { SessionDetailPage } from './session-detail-page';
import { SessionsPage } from './sessions-page';
import { WorkerDetailPage } from './worker-detail-page';
import { WorkersPage } from './workers-page';

export function PageFor(props: { principal: Principal }) {
  const { path } = useLocation();
  const route = matchRoute(path);
  const operator = isOperator(props.principal);
  const landing = operator
    ? '/'
    : props.principal.roles.includes('author') && !props.principal.roles.includes('user')
      ? '/definitions'
      : '/my-labs';
  const redirect = route.page === 'overview' && landing !== '/';
  useEffect(() => {
    if (redirect) navigate(landing, { replace: true });
  }, [redirect, landing]);
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
  if (redirect) return null;
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'workers':
      return <WorkersPage />;
    case 'worker':
      return <WorkerDetailPage name={route.name} />;
    case 'sessions':
      return <SessionsPage />;
    case 'session':
      return <SessionDetailPage namespace={route.namespace} name={route.name} />;
    case 'definitions':
      return <DefinitionsPage />;
    case 'reservations':
      return <ReservationsPage />;
    case 'audit':
      return <AuditPage />;
    case 'my-labs':
      return <MyLabsPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
