/**
 * The dashboard in a real browser against a real `lcm serve` on the simulators (issue 8): an admin
 * books a class of 5 through the UI and watches its sessions become Ready without a reload, opens
 * a session's timeline and stops it until it is Terminated; an invalid definition upload shows the
 * field error inline; a student sees only their own lab. No page may log a console error.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openBrowser,
  screenshot,
  SCREENSHOT_DIR,
  type BrowserSession,
} from './support/chromium.js';
import { ADMIN_PASSWORD, startLcmServe, type LcmServe } from './support/lcm-serve.js';
import { waitForCount } from './support/wait-until.js';

const STUDENT = { username: 'student1', password: 'student1-password-long' };
const DEFINITION = 'demo-vmanage-api';
const SEATS = 5;

let lcm: LcmServe;
let admin: BrowserSession;
let student: BrowserSession | undefined;
let className = '';

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(lcm.url);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
}

/** Follows a link of the top navigation, as a person would (no page load). */
async function openFromNav(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

beforeAll(async () => {
  lcm = await startLcmServe();
  const created = await lcm.api('POST', '/api/users', { ...STUDENT, roles: ['user'] });
  expect(created.status).toBe(201);
  // The student's own lab, and one of somebody else's that the student must not see.
  for (const [name, userId] of [
    ['student1-lab', STUDENT.username],
    ['someone-else-lab', 'someone-else'],
  ] as const) {
    const session = await lcm.api('POST', '/apis/lcm/v1/namespaces/default/labletsessions', {
      metadata: { name },
      spec: { definition: { name: DEFINITION }, owner: { userId } },
    });
    expect(session.status).toBe(201);
  }
  admin = await openBrowser();
}, 300_000);

afterAll(async () => {
  await admin.close();
  await student?.close();
  await lcm.stop();
  if (process.env.LCM_UPDATE_SCREENSHOTS === '1') {
    const docs = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
    await mkdir(docs, { recursive: true });
    for (const name of [
      'overview',
      'reservations',
      'sessions',
      'session',
      'workers',
      'worker',
      'definitions',
      'my-labs',
    ])
      await copyFile(join(SCREENSHOT_DIR, `${name}.png`), join(docs, `${name}.png`));
  }
});

describe('the dashboard as an admin', () => {
  it('signs in and shows the overview, live', async () => {
    const { page } = admin;
    await page.goto(lcm.url);
    await screenshot(page, 'login');
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('heading', { name: 'Fleet capacity' }).waitFor();
    expect(await page.getByText(`admin (admin)`).count()).toBe(1);
  });

  it('books a class of 5 through the form and watches its sessions go from Pending to Ready without a reload', async () => {
    const { page } = admin;
    await openFromNav(page, 'Reservations');
    // A marker in the page's JavaScript: it survives only if the page is never reloaded.
    await page.evaluate('window.__lcmNoReload = true');
    const form = page.getByRole('form', { name: 'New reservation' });
    await form.getByLabel('Definition').selectOption(DEFINITION);
    await form.getByLabel('Seats').fill(String(SEATS));
    className = await form.getByLabel('Name').inputValue();
    await form.getByRole('button', { name: 'Check availability' }).click();
    await form.getByText(/seats fit on running workers now/).waitFor();
    await form.getByRole('button', { name: 'Create reservation' }).click();
    await form.getByText(`Reservation ${className} created.`).waitFor();
    const row = page.locator(`tr[data-reservation="${className}"]`);
    await row.waitFor();
    expect(await row.getByText(String(SEATS), { exact: true }).count()).toBe(1);

    await row.getByRole('link', { name: className }).click();
    await page.getByRole('heading', { level: 1, name: 'Sessions' }).waitFor();
    const sessions = page.getByRole('table', { name: 'Sessions' }).locator('tbody tr');
    await waitForCount(sessions, SEATS, `${SEATS} sessions of ${className} listed`);
    const seen = new Set<string>();
    const phaseCells = sessions.locator('td:nth-child(2) [data-phase]');
    const phasesNow = async () => {
      for (const text of await phaseCells.allTextContents()) seen.add(text);
    };
    await phasesNow();
    await screenshot(page, 'sessions-pending');
    const ready = sessions.locator('td:nth-child(2) [data-phase="Ready"]');
    await waitForCount(ready, SEATS, `all ${SEATS} sessions Ready`);
    await phasesNow();
    // They were seen waiting first (Pending while the worker boots), then Ready, in one page.
    expect(
      [...seen].some((phase) => ['Pending', 'Scheduled', 'Instantiating'].includes(phase)),
    ).toBe(true);
    expect(await page.evaluate('window.__lcmNoReload')).toBe(true);
    await screenshot(page, 'sessions');
    await openFromNav(page, 'Reservations');
    await screenshot(page, 'reservations');
  });

  it("opens a session's timeline, stops the session and sees it Terminated", async () => {
    const { page } = admin;
    await openFromNav(page, 'Sessions');
    await page.getByLabel('Reservation').selectOption(className);
    const first = page.getByRole('table', { name: 'Sessions' }).locator('tbody tr').first();
    const name = (await first.getAttribute('data-session')) ?? '';
    await first.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Session ${name}`) }).waitFor();
    const timeline = page.getByRole('table', { name: 'Phase history' });
    for (const phase of ['Pending', 'Scheduled', 'Instantiating', 'Ready'])
      await timeline.locator(`[data-phase="${phase}"]`).first().waitFor();
    expect(await page.getByRole('link', { name: 'Open lab' }).count()).toBe(1);
    await screenshot(page, 'session');

    await page
      .getByRole('group', { name: 'Session actions' })
      .getByRole('button', { name: 'Stop' })
      .click();
    await page.getByRole('button', { name: 'Confirm stop' }).click();
    const heading = page.getByRole('heading', { level: 1 });
    await heading.locator('[data-phase="Terminated"]').waitFor({ timeout: 300_000 });
    await timeline.locator('[data-phase="Stopping"]').first().waitFor();
    expect(await page.getByRole('group', { name: 'Session actions' }).count()).toBe(0);
    expect(await page.evaluate('window.__lcmNoReload')).toBe(true);
    await screenshot(page, 'session-terminated');
  });

  it('shows the fleet that serves the class, with its allocations', async () => {
    const { page } = admin;
    await openFromNav(page, 'Workers');
    const rows = page.getByRole('table', { name: 'Workers' }).locator('tbody tr');
    await rows.first().waitFor();
    await screenshot(page, 'workers');
    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Allocations' }).waitFor();
    await page
      .getByRole('heading', { level: 1, name: /Worker/ })
      .locator('[data-phase="Running"]')
      .waitFor();
    await screenshot(page, 'worker');
    // Cordon and uncordon it: the buttons follow the worker's spec as the stream reports it.
    const actions = page.getByRole('group', { name: 'Worker actions' });
    await actions.getByRole('button', { name: 'Cordon', exact: true }).click();
    await page.getByText('Running, cordoned').waitFor();
    await actions.getByRole('button', { name: 'Uncordon' }).click();
    await actions.getByRole('button', { name: 'Cordon', exact: true }).waitFor();
    await openFromNav(page, 'Overview');
    await page
      .getByRole('cell', { name: className })
      .or(page.getByRole('rowheader', { name: className }))
      .first()
      .waitFor();
    await screenshot(page, 'overview');
    await openFromNav(page, 'Audit');
    await page.getByRole('table', { name: 'Audit records' }).waitFor();
    await screenshot(page, 'audit');
  });

  it("shows the API's field error inline when an uploaded definition is invalid", async () => {
    const { page } = admin;
    await openFromNav(page, 'Definitions');
    await page.getByRole('heading', { name: 'demo-ccna-vlans' }).waitFor();
    const upload = page.getByRole('form', { name: 'New definition' });
    await upload
      .getByLabel('Definition (YAML)')
      .fill(
        [
          'apiVersion: lcm/v1',
          'kind: LabletDefinition',
          'metadata:',
          '  name: broken-lab',
          'spec:',
          '  family: broken',
          '  version: not-a-version',
          '  displayName: A broken lab',
        ].join('\n'),
      );
    await upload.getByRole('button', { name: 'Create definition' }).click();
    const error = upload.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toContain('spec.version');
    expect(await upload.getByLabel('Definition (YAML)').getAttribute('aria-invalid')).toBe('true');
    // Chromium logs the refused request itself (status 422) as a console error: expected here.
    const refused = admin.errors.filter((line) => line.includes('status of 422'));
    expect(refused).toHaveLength(1);
    admin.errors.splice(admin.errors.indexOf(refused[0] ?? ''), 1);
    await screenshot(page, 'definitions');
  });

  it('logged no console error on any page', () => {
    expect(admin.errors).toEqual([]);
  });
});

describe('the dashboard as a student', () => {
  it('shows only their own lab, and no operator pages', async () => {
    student = await openBrowser();
    const { page } = student;
    // By keyboard only: type, Tab to the next field, Enter submits.
    await page.goto(lcm.url);
    await page.getByLabel('User name').focus();
    await page.keyboard.type(STUDENT.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(STUDENT.password);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'My labs' }).waitFor();
    const cards = page.locator('.lab-card');
    await cards.first().waitFor();
    await waitForCount(cards, 1, 'one lab card');
    expect(await cards.first().getAttribute('data-session')).toBe('student1-lab');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Workers' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Reservations' }).count()).toBe(0);
    await cards.first().getByRole('link', { name: 'Open lab' }).waitFor({ timeout: 300_000 });
    await screenshot(page, 'my-labs');
    expect(student.errors).toEqual([]);
  });
});
