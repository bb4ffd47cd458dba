import type { Bundle, Observation } from '@medplum/fhirtypes';
import { HARNESS_WINDOW_ID, type Harness } from '../harness/server/harness-server.ts';
import { seriousAxeViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';
import {
  FIRST_SYNC_MS,
  openCitizen,
  registerMeasurement,
  signInAs,
  unsentIndicator,
} from './steps.ts';

/**
 * Quitting with unsent entries asks first (issue 4), end to end through the
 * harness: the page reports its unsent count to main's quit guard, the
 * harness stands in for Electron's quit (`requestQuit`, main's guard as
 * `before-quit` runs it), main's question reaches the page over the bridge's
 * event stream, and the page's answer lets the quit through or not. Real
 * offline layer (encrypted cache in Chromium's IndexedDB, outbox) and the
 * demo back end.
 */

test.describe.configure({ timeout: 300_000 });

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
  const patientId = await openCitizen(page);
  // The demo data is generated for today's date: count the citizen's own pulses of 68 and 69 first.
  const before = await pulsesOnServer(harness, patientId);
  const countOf = (pulses: number[], value: number) => pulses.filter((v) => v === value).length;
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
  await page.screenshot({ path: test.info().outputPath('quit-guard-da.png') });
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
  expect(countOf(await pulsesOnServer(harness, patientId), 68)).toBe(countOf(before, 68) + 1);

  // Discard: asked a second time, then quits; nothing of it reaches the server.
  await openCitizen(page);
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
  expect(countOf(await pulsesOnServer(harness, patientId), 69)).toBe(countOf(before, 69));
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
