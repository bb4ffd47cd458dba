// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import type { OutboxItemView } from '../../../../../renderer/data/outbox/contracts.ts';
import { OutboxPanel } from '../../../../../renderer/features/outbox/OutboxPanel.tsx';
import { fakeOutbox, type FakeOutbox } from '../../../../support/fake-outbox.ts';
import { renderWithProviders } from '../../../../support/render-with-providers.tsx';

afterEach(cleanup);

function entry(id: string, overrides: Partial<OutboxItemView> = {}): OutboxItemView {
  return {
    id,
    kind: 'submit-measurement',
    resourceType: 'Observation',
    resourceId: `obs-${id}`,
    patientId: 'patient-1',
    createdAt: Date.parse('2026-12-07T09:30:00Z'),
    status: 'pending',
    attempts: 0,
    problem: null,
    conflict: null,
    ...overrides,
  };
}

const measurement = entry('entry-1');
const refusedAcknowledgement = entry('entry-2', {
  kind: 'acknowledge-task',
  resourceType: 'Task',
  resourceId: 'task-1',
  status: 'needs-attention',
  attempts: 2,
  problem: 'Task is already completed',
  conflict: 'task-completed-by-colleague',
});

async function openPanel(outbox: FakeOutbox) {
  const rendered = await renderWithProviders(<OutboxPanel open onClose={() => undefined} />, {
    outbox,
  });
  const panel = await screen.findByRole('dialog', { name: 'Ikke sendte ændringer' });
  return { ...rendered, panel };
}

describe('OutboxPanel', () => {
  test('lists each unsent change with its state, tries and the server’s words', async () => {
    const { panel } = await openPanel(fakeOutbox([measurement, refusedAcknowledgement]));

    expect(within(panel).getByText('2 ikke sendt, heraf 1, som kræver din handling.')).toBeTruthy();
    const items = await within(panel).findAllByTestId('outbox-item');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Måling');
    expect(items[0]!.textContent).toContain('Venter');
    expect(items[0]!.textContent).toContain('0 forsøg');
    expect(items[1]!.textContent).toContain('Kvittering for opgave');
    expect(items[1]!.textContent).toContain('Kræver handling');
    expect(items[1]!.textContent).toContain('2 forsøg');
    expect(items[1]!.textContent).toContain('En kollega har allerede afsluttet opgaven');
    expect(within(items[1]!).getByTestId('outbox-problem').textContent).toBe(
      '»Task is already completed«',
    );
  });

  test('with nothing queued it says all is sent, and "Send nu" is off', async () => {
    const { panel } = await openPanel(fakeOutbox());

    expect(
      await within(panel).findByText('Ingen ændringer venter. Alt, du har gemt, er nået frem.'),
    ).toBeTruthy();
    expect(within(panel).getByText('Alt er sendt til serveren.')).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Send nu' }).hasAttribute('disabled')).toBe(
      true,
    );
  });

  test('"Send nu" asks the outbox to send at once, past any retry pause, and says all went', async () => {
    const outbox = fakeOutbox([measurement]);
    outbox.onSendNow(() => []);
    const { panel, user } = await openPanel(outbox);

    await user.click(within(panel).getByRole('button', { name: 'Send nu' }));

    expect(await within(panel).findByText('Alt er sendt.')).toBeTruthy();
    expect(outbox.sendNowCalls).toEqual([{ ignoreBackoff: true }]);
    expect(within(panel).queryAllByTestId('outbox-item')).toHaveLength(0);
  });

  test('"Send nu" that leaves a refused change says what is left and why', async () => {
    const outbox = fakeOutbox([measurement, refusedAcknowledgement]);
    outbox.onSendNow((items) => items.filter((item) => item.status === 'needs-attention'));
    const { panel, user } = await openPanel(outbox);

    await user.click(within(panel).getByRole('button', { name: 'Send nu' }));

    const result = await within(panel).findByRole('status');
    expect(result.textContent).toContain('1 er stadig ikke sendt');
    expect(result.textContent).toContain('1 kræver din handling – se nedenfor.');
    expect(await within(panel).findAllByTestId('outbox-item')).toHaveLength(1);
  });

  test('"Kassér …" asks first, and "Behold" keeps the change', async () => {
    const outbox = fakeOutbox([measurement, refusedAcknowledgement]);
    const { panel, user } = await openPanel(outbox);
    const [first] = await within(panel).findAllByTestId('outbox-item');

    await user.click(within(first!).getByRole('button', { name: 'Kassér …' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Kassér ændringen?' });
    expect(confirm.textContent).toContain(
      'Måling bliver ikke sendt og fjernes fra denne computer.',
    );
    await user.click(within(confirm).getByRole('button', { name: 'Behold' }));

    await expect.poll(() => screen.queryByRole('alertdialog')).toBeNull();
    expect(outbox.discarded).toEqual([]);
    expect(within(panel).getAllByTestId('outbox-item')).toHaveLength(2);
  });

  test('"Kassér" in the confirmation discards that change, and only that one', async () => {
    const outbox = fakeOutbox([measurement, refusedAcknowledgement]);
    const { panel, user } = await openPanel(outbox);
    const [first] = await within(panel).findAllByTestId('outbox-item');

    await user.click(within(first!).getByRole('button', { name: 'Kassér …' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Kassér ændringen?' });
    await user.click(within(confirm).getByRole('button', { name: 'Kassér' }));

    await expect.poll(() => within(panel).queryAllByTestId('outbox-item').length).toBe(1);
    expect(outbox.discarded).toEqual(['entry-1']);
    expect(within(panel).getByTestId('outbox-item').textContent).toContain('Kvittering for opgave');
  });

  test('a discard that fails says why and keeps the change', async () => {
    const outbox = fakeOutbox([measurement]);
    outbox.failDiscardWith(new Error('Cachen er låst'));
    const { panel, user } = await openPanel(outbox);
    const [item] = await within(panel).findAllByTestId('outbox-item');

    await user.click(within(item!).getByRole('button', { name: 'Kassér …' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Kassér ændringen?' });
    await user.click(within(confirm).getByRole('button', { name: 'Kassér' }));

    expect(
      await within(confirm).findByText('Ændringen kunne ikke kasseres: Cachen er låst'),
    ).toBeTruthy();
    expect(outbox.discarded).toEqual(['entry-1']);
    expect(within(panel).getAllByTestId('outbox-item')).toHaveLength(1);
  });
});
