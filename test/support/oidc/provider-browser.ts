import type { BrowserContext, Page } from 'playwright-core';

/**
 * What the user does in the browser tab the app opened: types a login on the
 * provider's form, is let through on the provider's session (no form),
 * presses the provider's Cancel link, or confirms its sign-out question.
 */
export type BrowserStep = (
  | { readonly kind: 'log-in'; readonly login: string }
  | { readonly kind: 'pass-through' | 'cancel' | 'confirm-sign-out' }
) & {
  /** Replaces the authorization request's `state` before the browser goes there (a forged request). */
  readonly tamperState?: string;
};

/** Where the tab ended: the last page's HTTP status and visible text. */
export interface TabOutcome {
  readonly status: number | null;
  readonly text: string;
}

/**
 * The system browser, as the sign-in module sees it (`openBrowser`), played
 * by one Chromium tab: each URL the app opens is handled by the next step the
 * test queued, in the background, as `shell.openExternal` returns at once
 * while the user carries on in the browser.
 */
export interface ProviderBrowser {
  readonly openBrowser: (url: string) => Promise<void>;
  /** Every URL the app asked the browser to open. */
  readonly opened: readonly string[];
  /** Queues what the user will do with the next URL the app opens. */
  next(step: BrowserStep): void;
  /** How the last step ended (its promise rejects when the step failed). */
  outcome(): Promise<TabOutcome>;
}

export async function providerBrowser(context: BrowserContext): Promise<ProviderBrowser> {
  // Nothing but this machine's loopback: the provider's pages import web fonts.
  await context.route(/^https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/])/, (route) => route.abort());
  const page = await context.newPage();
  const opened: string[] = [];
  const steps: BrowserStep[] = [];
  let last: Promise<TabOutcome> = Promise.reject(new Error('no browser step ran'));
  last.catch(() => undefined);

  return {
    opened,
    next: (step) => steps.push(step),
    outcome: () => last,
    openBrowser: (url) => {
      opened.push(url);
      const step = steps.shift();
      if (!step) return Promise.reject(new Error(`the test queued no browser step for ${url}`));
      // One tab: a step starts once the one before it has finished in the browser.
      last = last.catch(() => undefined).then(() => run(page, url, step));
      last.catch(() => undefined);
      return Promise.resolve();
    },
  };
}

async function run(page: Page, url: string, step: BrowserStep): Promise<TabOutcome> {
  const target = new URL(url);
  if (step.tamperState !== undefined) target.searchParams.set('state', step.tamperState);
  const answered =
    step.kind === 'confirm-sign-out'
      ? null
      : page.waitForResponse((response) => response.url().startsWith('http://127.0.0.1:'));
  answered?.catch(() => undefined);
  await page.goto(target.href);
  switch (step.kind) {
    case 'log-in':
      await page.locator('input[name=login]').fill(step.login);
      await page.locator('input[name=password]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click({ noWaitAfter: true });
      break;
    case 'cancel':
      await page.getByRole('link', { name: '[ Cancel ]' }).click({ noWaitAfter: true });
      break;
    case 'confirm-sign-out':
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.getByRole('heading', { name: 'Sign-out Success' }).waitFor();
      return { status: null, text: await page.locator('body').innerText() };
    case 'pass-through':
      break;
  }
  const response = await answered;
  await page.waitForLoadState('domcontentloaded');
  return { status: response?.status() ?? null, text: await page.locator('body').innerText() };
}
