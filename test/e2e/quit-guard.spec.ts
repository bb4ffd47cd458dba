import type { Bundle, Observation } from '@medplum/fhirtypes';
import type { Locator, Page } from '@playwright/test';
import { HARNESS_WINDOW_ID, type Harness } from '../harness/server/harness-server.ts';
import { seriousAxeViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';

/**
 * Quitting with unsent entries asks first (issue 4), end to end through the
 * harness: the page reports its unsent count to main's quit guard, the
 * harness stands in for Electron's quit (`requestQuit`, main's guard as
 * `before-quit` runs it), main's question reaches the page over the bridge's
 * event stream, and the page's answer lets the quit through or not. Real
 * offline layer (encrypted cache in Chromium's IndexedDB, outbox) and the
 * demo back end.
 */

/** The first sign-in of a persona syncs its caseload into the cache; on a busy machine that takes a while. */
const FIRST_SYNC_MS = 90_000;

test.describe.configure({ timeout: 300_000 });

async function signInAs(page: Page, harness: Harness, personaId: string): Promise<void> {
  await page.goto(harness.url);
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await page.evaluate((id) => {
    window.location.hash = `/sign-in?persona=${id}`;
  }, personaId);
  await page.waitForURL(/#\/caseload$/);
  await expect(page.getByTestId('caseload-grid').getByRole('row').nth(1)).toBeVisible({
    timeout: FIRST_SYNC_MS,
  });
}

async function openFirstCitizen(page: Page): Promise<string> {
  const cell = page
    .getByTestId('caseload-grid')
    .locator('[role="gridcell"][col-id="name"]')
    .first();
  const name = (await cell.innerText()).trim();
  await cell.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({
    timeout: FIRST_SYNC_MS,
  });
  const id = /#\/citizen\/([^/?#]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`no patient id in ${page.url()}`);
  return decodeURIComponent(id);
}

function unsentIndicator(page: Page): Locator {
  return page.getByTestId('unsent-indicator');
}

/** Registers a pulse (or the first type offered) with this value and waits for the dialog to close. */
async function registerMeasurement(page: Page, value: string): Promise<void> {
  const open = page.getByRole('button', { name: 'Registrér måling' });
  await expect(open).toBeEnabled({ timeout: FIRST_SYNC_MS });
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Registrér måling' });
  await expect(dialog).toBeVisible();
  // A choice of forløb only when the citizen has more than one active.
  const episode = dialog.getByRole('combobox', { name: /Forløb/ });
  if ((await episode.count()) > 0) {
    await episode.click();
    await page.getByRole('option').first().click();
  }
  await dialog.getByRole('combobox', { name: /Måling/ }).click();
  const pulse = page.getByRole('option', { name: 'Puls', exact: true });
  const option = (await pulse.count()) > 0 ? pulse : page.getByRole('option').first();
  const type = (await option.innerText()).trim();
  await option.click();
  await dialog
    .getByRole('textbox', { name: new RegExp(`^${type}`) })
    .first()
    .fill(value);
  await dialog.getByRole('button', { name: 'Gem måling' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
}

/** Main has the page's count and the page listens for main's events: a quit now would ask. */
async function mainKnowsUnsent(harness: Harness, count: number): Promise<void> {
  await expect
    .poll(() => harness.runtime.services.quitGuard.state().unsent.get(HARNESS_WINDOW_ID) ?? 0)
    .toBe(count);
  await expect.poll(() => harness.eventListeners()).toBeGreaterThan(0);
}

async function pulsesOnServer(harness: Harness, patientId: string): Promise<number[]> {
  const base = (await harness.backendReady)?.serviceBaseUrls['measurement'];
  if (!base) throw new Error('no measurement service');
  const response = await fetch(
    `${base}/Observation?subject=Patient/${patientId}&code=NPU21692&_count=1000`,
  );
  expect(response.status).toBe(200);
  const bundle = (await response.json()) as Bundle;
  return (bundle.entry ?? [])
    .map((entry) => (entry.resource as Observation).valueQuantity?.value)
    .filter((value): value is number => typeof value === 'number');
}

test('quitting with unsent entries asks first: cancel and a failed send stay, keep quits and keeps them, send now and discard (asked twice) quit', async ({
  page,
  harness,
}) => {
  await signInAs(page, harness, 'municipal-nurse');
  const patientId = await openFirstCitizen(page);
  await expect(page.getByTestId('last-synced')).toContainText('Sidst synkroniseret', {
    timeout: FIRST_SYNC_MS,
  });

  // Nothing unsent: the quit is not held back.
  await mainKnowsUnsent(harness, 0);
  expect(harness.requestQuit()).toBe('quit');
  expect(harness.quitCount()).toBe(1);

  harness.runtime.gateway.setReachable(false);
  await registerMeasurement(page, '68');
  await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '1');
  await mainKnowsUnsent(harness, 1);

  // Asked, with the count; the body says the app is closing.
  expect(harness.requestQuit()).toBe('asked');
  const guard = page.getByRole('alertdialog', { name: '1 ændring er ikke sendt' });
  await expect(guard).toBeVisible();
  await expect(guard).toContainText('før programmet lukkes');
  expect(await seriousAxeViolations(page), 'axe on the quit question').toEqual([]);
  // The page acknowledged: main waits for the user (no timeout lets the quit through).
  await expect
    .poll(() => harness.runtime.services.quitGuard.state().asking?.acknowledged)
    .toBe(true);

  // Send now while offline: says what is left, stays.
  await guard.getByRole('button', { name: 'Send nu' }).click();
  await expect(guard.getByRole('alert')).toContainText('Programmet er ikke lukket');
  expect(harness.quitCount()).toBe(1);

  // Cancel: stays, and main is no longer asking.
  await guard.getByRole('button', { name: 'Luk ikke' }).click();
  await expect(guard).toBeHidden();
  await expect.poll(() => harness.runtime.services.quitGuard.state().asking).toBeNull();
  expect(harness.quitCount()).toBe(1);

  // Keep: quits; the entry stays sealed and is there at the next sign-in.
  expect(harness.requestQuit()).toBe('asked');
  await guard.getByRole('button', { name: 'Behold til næste login' }).click();
  await expect(guard).toBeHidden();
  await expect.poll(() => harness.quitCount()).toBe(2);
  // "Restart": the page goes, and main's session does not survive a restart.
  await page.goto('about:blank');
  harness.runtime.services.sessions.signOut();
  await signInAs(page, harness, 'municipal-nurse');
  await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '1', { timeout: 30_000 });
  await mainKnowsUnsent(harness, 1);

  // Send now with the server back: sent once, then quits.
  expect(harness.requestQuit()).toBe('asked');
  const asked = page.getByRole('alertdialog');
  await expect(asked).toContainText('før programmet lukkes');
  harness.runtime.gateway.setReachable(true);
  await asked.getByRole('button', { name: 'Send nu' }).click();
  await expect(asked).toBeHidden({ timeout: 60_000 });
  await expect.poll(() => harness.quitCount()).toBe(3);
  await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '0');
  expect((await pulsesOnServer(harness, patientId)).filter((value) => value === 68)).toHaveLength(
    1,
  );

  // Discard: asked a second time, then quits; nothing of it reaches the server.
  await openFirstCitizen(page);
  harness.runtime.gateway.setReachable(false);
  await registerMeasurement(page, '69');
  await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '1');
  await mainKnowsUnsent(harness, 1);
  expect(harness.requestQuit()).toBe('asked');
  await guard.getByRole('button', { name: 'Kassér dem' }).click();
  const second = page.getByRole('alertdialog', { name: 'Kassér 1 ændring?' });
  await expect(second).toBeVisible();
  expect(harness.quitCount()).toBe(3);
  await second.getByRole('button', { name: 'Kassér 1 og luk' }).click();
  await expect(second).toBeHidden();
  await expect.poll(() => harness.quitCount()).toBe(4);
  await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '0');
  harness.runtime.gateway.setReachable(true);
  expect((await pulsesOnServer(harness, patientId)).filter((value) => value === 69)).toHaveLength(
    0,
  );
});

test('signed out, nothing is held back: the page reports no unsent entries', async ({
  page,
  harness,
}) => {
  await signInAs(page, harness, 'gp');
  await expect(page.getByRole('button', { name: 'Log ud' })).toBeVisible();
  await mainKnowsUnsent(harness, 0);
  await page.getByRole('button', { name: 'Log ud' }).click();
  await page.waitForURL(/#\/sign-in/);
  const before = harness.quitCount();
  expect(harness.requestQuit()).toBe('quit');
  expect(harness.quitCount()).toBe(before + 1);
});
