import { seriousAxeViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';

const sections = [
  { path: '/caseload', da: 'Borgeroversigt', en: 'Caseload' },
  { path: '/citizen', da: 'Borger', en: 'Citizen' },
  { path: '/messages', da: 'Beskeder', en: 'Messages' },
  { path: '/settings', da: 'Indstillinger', en: 'Settings' },
] as const;

test.describe('the shell', () => {
  test.describe('as the hospital nurse', () => {
    test.use({ syncedAs: 'hospital-nurse' });

    test('opens in Danish with navigation to every section, no CSP violations and no serious axe findings', async ({
      openSynced,
      cspViolations,
    }, testInfo) => {
      const page = await openSynced();
      await expect(page.locator('html')).toHaveAttribute('lang', 'da');
      const menu = page.getByRole('navigation', { name: 'Hovedmenu' });
      for (const section of sections) {
        await menu.getByRole('button', { name: section.da, exact: true }).click();
        await expect(
          page.getByRole('heading', { level: 1, name: section.da, exact: true }),
        ).toBeVisible();
        await expect(page).toHaveURL(new RegExp(`#${section.path}$`));
        expect(await seriousAxeViolations(page), `axe on ${section.path}`).toEqual([]);
      }
      await page.getByRole('button', { name: 'Borgeroversigt', exact: true }).click();
      await page.screenshot({ path: testInfo.outputPath('shell-da.png'), fullPage: true });
      expect(cspViolations).toEqual([]);
    });
  });

  test.describe('as the GP', () => {
    test.use({ syncedAs: 'gp' });

    test('switches to English, keeps the choice across a reload, and switches back', async ({
      openSynced,
      openApp,
      page,
      cspViolations,
    }, testInfo) => {
      await openSynced();
      await openApp('/settings');
      await page.getByRole('radio', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
      await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
      const menu = page.getByRole('navigation', { name: 'Main menu' });
      for (const section of sections) {
        await menu.getByRole('button', { name: section.en, exact: true }).click();
        await expect(
          page.getByRole('heading', { level: 1, name: section.en, exact: true }),
        ).toBeVisible();
        expect(await seriousAxeViolations(page), `axe on ${section.path} (en)`).toEqual([]);
      }
      await menu.getByRole('button', { name: 'Caseload', exact: true }).click();
      await page.screenshot({ path: testInfo.outputPath('shell-en.png'), fullPage: true });
      await menu.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('radio', { name: 'Dansk' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Indstillinger' })).toBeVisible();
      expect(cspViolations).toEqual([]);
    });

    test('is usable from the keyboard: skip link, menu by Tab and Enter', async ({
      openSynced,
      page,
    }) => {
      await openSynced();
      // A fresh page load (the session is kept by main), so focus starts at the top.
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Borgeroversigt' })).toBeVisible();
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Spring til indhold' });
      await expect(skip).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.locator('#main-content')).toBeFocused();
      await page.getByRole('button', { name: 'Beskeder', exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'Beskeder' })).toBeVisible();
    });

    test.describe('in a browser set to UTC', () => {
      test.use({ timezoneId: 'UTC' });

      test('shows dates in Danish format and Copenhagen time, not the browser’s', async ({
        openSynced,
        openApp,
        page,
      }) => {
        await openSynced();
        // 22:30 UTC on 24 October 2026 is already 00:30 on the 25th in Copenhagen (summer time).
        await page.clock.setFixedTime(new Date('2026-10-24T22:30:00Z'));
        await openApp('/settings');
        await expect(page.getByText('I dag er det 25.10.2026, kl. 00:30')).toBeVisible();
      });
    });
  });

  test('says clearly when the page is opened without the workbench bridge', async ({
    page,
    harness,
  }) => {
    await page.goto(harness.url);
    await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
    // Same origin, but a document the harness did not inject the bridge into.
    await page.route('**/__harness/bridge.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
    );
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'failed');
    await expect(page.getByText('Siden er åbnet uden for arbejdsbordet')).toBeVisible();
  });

  test('shows a clear error with a retry when main does not answer at start-up', async ({
    page,
    harness,
  }) => {
    await page.route('**/__workbench/invoke/**', (route) =>
      route.fulfill({ status: 503, body: 'down' }),
    );
    await page.goto(harness.url);
    await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'failed');
    await expect(page.getByRole('alert')).toContainText('Arbejdsbordet kunne ikke starte');
    await page.unroute('**/__workbench/invoke/**');
    await page.getByRole('button', { name: 'Prøv igen' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Log ind på arbejdsbordet' }),
    ).toBeVisible();
  });

  test('refuses a visitor without the per-run secret', async ({ browser, harness }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${harness.origin}/`);
    expect(response?.status()).toBe(401);
    await context.close();
  });
});
