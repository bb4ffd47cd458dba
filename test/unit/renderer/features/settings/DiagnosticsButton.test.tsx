// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostics } from '../../../../../shared/ipc/schemas.ts';
import { DiagnosticsButton } from '../../../../../renderer/features/settings/DiagnosticsButton.tsx';
import { appInfo } from '../../../../support/slice-fixtures.ts';
import { settingsView } from '../../../../support/settings-view.ts';
import { renderWithProviders } from '../../../../support/render-with-providers.tsx';

afterEach(cleanup);

const diagnostics: Diagnostics = {
  appInfo,
  settings: settingsView(),
  recentErrors: ['2026-12-08T10:00:00.000Z renderer (window 1): TypeError: x'],
};
const bridge = {
  diagnosticsRead: () => Promise.resolve({ ok: true as const, value: diagnostics }),
};

describe('Kopiér diagnostik', () => {
  it('copies the version, settings and last errors as text, and says so', async () => {
    const copied: string[] = [];
    const copy = (text: string) => {
      copied.push(text);
      return Promise.resolve();
    };
    const { user } = await renderWithProviders(<DiagnosticsButton bridge={bridge} copy={copy} />);
    await user.click(screen.getByRole('button', { name: 'Kopiér diagnostik' }));
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'Diagnostik er kopieret til udklipsholderen.',
    );
    expect(copied.map((text) => JSON.parse(text) as unknown)).toEqual([diagnostics]);
  });

  it('says why when the clipboard refuses', async () => {
    const copy = () => Promise.reject(new Error('Document is not focused.'));
    const { user } = await renderWithProviders(<DiagnosticsButton bridge={bridge} copy={copy} />);
    await user.click(screen.getByRole('button', { name: 'Kopiér diagnostik' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Diagnostik kunne ikke kopieres: Document is not focused.',
    );
  });
});
