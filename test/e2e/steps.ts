import type { Bundle } from '@medplum/fhirtypes';
import type { Locator, Page } from '@playwright/test';
import type { Harness } from '../harness/server/harness-server.ts';
import { expect, signInThroughHash } from './fixtures.ts';

/**
 * Steps the write-side end-to-end specs share (writes, quit guard): signing
 * in through the harness, opening a citizen, filling the register dialog,
 * and reading what the demo back end holds.
 */

/** The first sign-in of a persona syncs its caseload into the cache; on a busy machine that takes a while. */
export const FIRST_SYNC_MS = 90_000;

/** Signs in as a persona and waits (generously) for the caseload's first row. */
export async function signInAs(page: Page, harness: Harness, personaId: string): Promise<void> {
  await signInThroughHash(page, harness, personaId);
  await expect(page.getByTestId('caseload-grid').getByRole('row').nth(1)).toBeVisible({
    timeout: FIRST_SYNC_MS,
  });
}

/** Waits until the first sync has completed, so the cache holds the caseload before going offline. */
export async function firstSyncDone(page: Page): Promise<void> {
  await expect(page.getByTestId('last-synced')).toContainText('Sidst synkroniseret', {
    timeout: FIRST_SYNC_MS,
  });
}

/** Opens the caseload's first citizen (or the first with open tasks) and returns its patient id. */
export async function openCitizen(page: Page, withOpenTasks = false): Promise<string> {
  const grid = page.getByTestId('caseload-grid');
  await expect(grid.getByRole('row').nth(1)).toBeVisible({ timeout: FIRST_SYNC_MS });
  let cell = grid.locator('[role="gridcell"][col-id="name"]').first();
  if (withOpenTasks) {
    const row = grid
      .locator('[role="row"]')
      .filter({ has: page.locator('[col-id="openTasks"]').filter({ hasText: /^[1-9]\d*$/ }) })
      .first();
    cell = row.locator('[role="gridcell"][col-id="name"]');
  }
  const name = (await cell.innerText()).trim();
  await cell.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({
    timeout: FIRST_SYNC_MS,
  });
  const id = /#\/citizen\/([^/?#]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`no patient id in ${page.url()}`);
  return decodeURIComponent(id);
}

export function unsentIndicator(page: Page): Locator {
  return page.getByTestId('unsent-indicator');
}

/** Fills the register dialog with a pulse (or the first offered type) and returns the dialog. */
export async function fillMeasurement(
  page: Page,
  value: string,
): Promise<{ dialog: Locator; type: string }> {
  await expect(page.getByRole('button', { name: 'Registrér måling' })).toBeEnabled({
    timeout: FIRST_SYNC_MS,
  });
  await page.getByRole('button', { name: 'Registrér måling' }).click();
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
  return { dialog, type };
}

/** Registers a pulse (or the first type offered) with this value and waits for the dialog to close. */
export async function registerMeasurement(page: Page, value: string): Promise<void> {
  const { dialog } = await fillMeasurement(page, value);
  await dialog.getByRole('button', { name: 'Gem måling' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
}

export async function serviceUrl(harness: Harness, service: string): Promise<string> {
  const backend = await harness.backendReady;
  const base = backend?.serviceBaseUrls[service];
  if (!base) throw new Error(`no ${service} service`);
  return base;
}

/** What the server holds, read straight from the demo back end (not through the app). */
export async function serverSearch<T>(
  harness: Harness,
  service: string,
  query: string,
): Promise<T[]> {
  const response = await fetch(`${await serviceUrl(harness, service)}/${query}`);
  expect(response.status, query).toBe(200);
  const bundle = (await response.json()) as Bundle;
  return (bundle.entry ?? [])
    .filter((entry) => entry.search?.mode !== 'include')
    .map((entry) => entry.resource as T);
}

export async function serverRead<T>(harness: Harness, service: string, path: string): Promise<T> {
  const response = await fetch(`${await serviceUrl(harness, service)}/${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** The CPRs of the caseload's rows on screen (DDMMYY-XXXX), once its first row is there. */
export async function caseloadCprs(page: Page): Promise<string[]> {
  const cells = page.getByTestId('caseload-grid').locator('[role="gridcell"][col-id="cpr"]');
  await expect(cells.first()).toBeVisible();
  return (await cells.allInnerTexts()).map((text) => text.trim());
}
