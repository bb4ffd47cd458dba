import { mkdir } from 'node:fs/promises';
import type { Observation, Task } from '@medplum/fhirtypes';
import type { Locator, Page } from '@playwright/test';
import type { Harness } from '../harness/server/harness-server.ts';
import { seriousAxeViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';
import {
  fillMeasurement,
  firstSyncDone,
  openCitizen,
  serverRead,
  serverSearch,
  serviceUrl,
  signInAs,
  unsentIndicator,
} from './steps.ts';

/**
 * The write UI end to end through the harness, on the real offline layer
 * (encrypted cache in Chromium's IndexedDB, outbox, sender) and the demo back
 * end: register a measurement, acknowledge a task, a refusal shown with the
 * server's words and kept, and the sign-out question.
 */

const SHOTS = '/tmp/shots';

test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

test.describe.configure({ timeout: 240_000 });

/** Screenshots for looking at the UI (not assertions): a busy machine may not give one in time. */
async function shot(page: Page, name: string): Promise<void> {
  await page
    .screenshot({ path: `${SHOTS}/${name}.png`, timeout: 20_000, animations: 'disabled' })
    .catch((error: unknown) => {
      console.warn(`screenshot ${name} skipped: ${String(error).slice(0, 120)}`);
    });
}

test.describe('writing in the citizen view', () => {
  test('a measurement registered offline is saved at once, shown as not sent, and reaches the server once', async ({
    page,
    harness,
  }) => {
    await signInAs(page, harness, 'municipal-nurse');
    const patientId = await openCitizen(page);
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '0');
    await firstSyncDone(page);

    harness.runtime.gateway.setReachable(false);
    const { dialog } = await fillMeasurement(page, '71');
    await shot(page, 'register-dialog');
    expect(await seriousAxeViolations(page), 'axe on the dialog').toEqual([]);
    const time = await dialog.getByRole('textbox', { name: /Klokkeslæt/ }).inputValue();
    expect(time).toMatch(/^\d{2}:\d{2}$/);
    await dialog.getByRole('button', { name: 'Gem måling' }).click();
    // Saved locally (sealed, then one Dexie transaction): quick, but the CI machine may be busy.
    await expect(dialog).toBeHidden({ timeout: 30_000 });

    const notice = page.getByTestId('registered-measurement');
    await expect(notice).toContainText('Ikke sendt endnu');
    await expect(notice).toContainText(/71/);
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '1');
    await shot(page, 'registered-unsent');

    await unsentIndicator(page).click();
    const panel = page.getByRole('dialog', { name: 'Ikke sendte ændringer' });
    await expect(panel.getByTestId('outbox-item')).toHaveCount(1);
    await expect(panel.getByTestId('outbox-item')).toContainText('Måling');
    await shot(page, 'outbox-panel-offline');
    expect(await seriousAxeViolations(page), 'axe on the outbox panel').toEqual([]);

    harness.runtime.gateway.setReachable(true);
    await sendAll(page, panel);
    await expect(panel.getByText('Alt er sendt til serveren.')).toBeVisible();
    await panel.getByRole('button', { name: 'Luk' }).click();
    await expect(notice).toContainText('Sendt');
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '0');

    const observations = await serverSearch<Observation>(
      harness,
      'measurement',
      `Observation?subject=Patient/${patientId}&code=NPU21692&_count=1000`,
    );
    const mine = observations.filter(
      (observation) =>
        observation.valueQuantity?.value === 71 &&
        Date.now() - Date.parse(observation.effectiveDateTime ?? '') < 10 * 60_000,
    );
    expect(mine).toHaveLength(1);
  });

  test('the register dialog says what is wrong, field by field, and saves nothing', async ({
    page,
    harness,
  }) => {
    await signInAs(page, harness, 'municipal-nurse');
    await openCitizen(page);
    const { dialog } = await fillMeasurement(page, '720');
    await dialog.getByRole('textbox', { name: /Klokkeslæt/ }).fill('25:61');
    await dialog.getByRole('button', { name: 'Gem måling' }).click();
    await expect(dialog.getByText(/Værdien skal ligge mellem \d+ og \d+/)).toBeVisible();
    await expect(dialog.getByText('Skriv klokkeslættet som tt:mm, fx 08:30.')).toBeVisible();
    await shot(page, 'register-validation');
    await dialog.getByRole('textbox', { name: /Dato/ }).fill('01.01.2099');
    await dialog.getByRole('textbox', { name: /Klokkeslæt/ }).fill('10:00');
    await dialog.getByRole('button', { name: 'Gem måling' }).click();
    await expect(dialog.getByText(/Tidspunktet ligger i fremtiden/)).toBeVisible();
    await dialog.getByRole('button', { name: 'Annullér' }).click();
    await expect(dialog).toBeHidden();
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '0');
  });
});

/** A colleague completes the task on the server (straight to the demo back end, PATCH with If-Match). */
async function completeOnServer(harness: Harness, taskId: string): Promise<void> {
  const current = await serverRead<Task>(harness, 'task', `Task/${taskId}`);
  const response = await fetch(`${await serviceUrl(harness, 'task')}/Task/${taskId}`, {
    method: 'PATCH',
    headers: {
      'content-type': 'application/json-patch+json',
      'if-match': `W/"${current.meta?.versionId ?? ''}"`,
    },
    body: JSON.stringify([{ op: 'replace', path: '/status', value: 'completed' }]),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/**
 * "Send nu" in the panel, unless the outbox is already at it on its own (it
 * sends at sign-in and after a sync): either way everything must arrive.
 */
async function sendAll(page: Page, panel: Locator): Promise<void> {
  const send = panel.getByRole('button', { name: 'Send nu' });
  if (await send.isEnabled()) await send.click({ timeout: 5_000 }).catch(() => undefined);
  await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '0', { timeout: 60_000 });
  await expect(panel.getByTestId('outbox-item')).toHaveCount(0);
}

async function openOutbox(page: Page): Promise<Locator> {
  await unsentIndicator(page).click();
  const panel = page.getByRole('dialog', { name: 'Ikke sendte ændringer' });
  await expect(panel).toBeVisible();
  return panel;
}

test.describe('tasks and the outbox', () => {
  test('acknowledging a task is sent; one a colleague completed meanwhile is kept with the server’s words, not overwritten', async ({
    page,
    harness,
  }) => {
    await signInAs(page, harness, 'municipal-nurse');
    await openCitizen(page, true);
    await firstSyncDone(page);
    const tasks = page.getByTestId('citizen-task');
    await expect(tasks.first()).toBeVisible();
    const before = await tasks.count();
    await shot(page, 'tasks-panel');

    // Online: acknowledged at once, sent by the outbox, completed on the server.
    const first = tasks.first();
    const firstId = (await first.getAttribute('data-task-id')) ?? '';
    await first.getByRole('button', { name: /^Kvittér for opgaven/ }).click();
    await expect(page.getByText(/^Kvitteret: /)).toBeVisible();
    await expect(tasks).toHaveCount(before - 1);
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '0', { timeout: 30_000 });
    expect((await serverRead<Task>(harness, 'task', `Task/${firstId}`)).status).toBe('completed');

    if (before < 2) return;
    // Offline: acknowledged here while a colleague completes the same task on the server.
    harness.runtime.gateway.setReachable(false);
    const second = tasks.first();
    const secondId = (await second.getAttribute('data-task-id')) ?? '';
    await second.getByRole('button', { name: /^Kvittér for opgaven/ }).click();
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '1');
    await completeOnServer(harness, secondId);
    const colleagueVersion = (await serverRead<Task>(harness, 'task', `Task/${secondId}`)).meta
      ?.versionId;
    harness.runtime.gateway.setReachable(true);

    const panel = await openOutbox(page);
    await panel.getByRole('button', { name: 'Send nu' }).click();
    const item = panel.getByTestId('outbox-item');
    await expect(item).toContainText('Kræver handling', { timeout: 30_000 });
    await expect(item).toContainText('En kollega har allerede afsluttet opgaven');
    await expect(item.getByTestId('outbox-problem')).not.toBeEmpty();
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '1');
    await shot(page, 'outbox-conflict');
    expect(await seriousAxeViolations(page), 'axe on the panel with a conflict').toEqual([]);
    // The colleague's completion stands: our acknowledgement did not write over it.
    expect((await serverRead<Task>(harness, 'task', `Task/${secondId}`)).meta?.versionId).toBe(
      colleagueVersion,
    );

    // Kept until the user discards it, with a confirmation.
    await item.getByRole('button', { name: 'Kassér …' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Kassér ændringen?' });
    await expect(confirm).toBeVisible();
    await shot(page, 'outbox-discard-confirm');
    await confirm.getByRole('button', { name: 'Kassér', exact: true }).click();
    await expect(panel.getByTestId('outbox-item')).toHaveCount(0);
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '0');
  });

  test('signing out with unsent entries asks first: send now reports, keep keeps them for the next sign-in, discard asks twice', async ({
    page,
    harness,
  }) => {
    await signInAs(page, harness, 'municipal-nurse');
    const patientId = await openCitizen(page);
    await firstSyncDone(page);
    // The demo data is generated for today's date: count the citizen's own pulses of 66 and 67 first.
    const pulses = () =>
      serverSearch<Observation>(
        harness,
        'measurement',
        `Observation?subject=Patient/${patientId}&code=NPU21692&_count=1000`,
      );
    const countOf = (observations: Observation[], value: number) =>
      observations.filter((observation) => observation.valueQuantity?.value === value).length;
    const before = await pulses();
    harness.runtime.gateway.setReachable(false);

    const register = async (value: string) => {
      const { dialog } = await fillMeasurement(page, value);
      await dialog.getByRole('button', { name: 'Gem måling' }).click();
      await expect(dialog).toBeHidden();
    };
    await register('66');
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '1');

    // Send now while offline: reported, still signed in.
    await page.getByRole('button', { name: 'Log ud' }).click();
    const guard = page.getByRole('alertdialog', { name: '1 ændring er ikke sendt' });
    await expect(guard).toBeVisible();
    await shot(page, 'sign-out-guard');
    expect(await seriousAxeViolations(page), 'axe on the sign-out question').toEqual([]);
    await guard.getByRole('button', { name: 'Send nu' }).click();
    await expect(guard.getByRole('alert')).toContainText('Ikke alt kunne sendes');
    await shot(page, 'sign-out-guard-still-unsent');

    // Keep: signed out, and the entry is there again at the next sign-in, then sent once.
    await guard.getByRole('button', { name: 'Behold til næste login' }).click();
    await page.waitForURL(/#\/sign-in/);
    await signInAs(page, harness, 'municipal-nurse');
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '1', { timeout: 30_000 });
    harness.runtime.gateway.setReachable(true);
    const panel = await openOutbox(page);
    await sendAll(page, panel);
    await panel.getByRole('button', { name: 'Luk' }).click();
    expect(countOf(await pulses(), 66)).toBe(countOf(before, 66) + 1);

    // Discard: a second question, then signed out; nothing of it reaches the server.
    await openCitizen(page);
    harness.runtime.gateway.setReachable(false);
    await register('67');
    await expect(unsentIndicator(page)).toHaveAttribute('data-unsent', '1');
    await page.getByRole('button', { name: 'Log ud' }).click();
    await guard.getByRole('button', { name: 'Kassér dem' }).click();
    const second = page.getByRole('alertdialog', { name: 'Kassér 1 ændring?' });
    await expect(second).toBeVisible();
    await shot(page, 'sign-out-guard-discard');
    await second.getByRole('button', { name: 'Kassér 1 og log ud' }).click();
    await page.waitForURL(/#\/sign-in/);
    harness.runtime.gateway.setReachable(true);
    expect(countOf(await pulses(), 67)).toBe(countOf(before, 67));
  });
});
