import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAdministratorFile } from '../../../../main/settings/settings-layers.ts';
import {
  createSettingsStore,
  type SettingsStore,
} from '../../../../main/settings/settings-store.ts';
import {
  builtInMachineSettings,
  builtInUserPreferences,
  MACHINE_ENTRY_NAMES,
  offlineGraceHoursInForce,
  USER_ENTRY_NAMES,
  type MachineEntry,
  type UserEntry,
} from '../../../../shared/settings/entries.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

interface EntryCase {
  /** Two different valid values. */
  readonly valid: readonly [unknown, unknown];
  readonly invalid: readonly unknown[];
}

/** Every machine entry, with values a file may and may not hold. */
const MACHINE_CASES: Record<MachineEntry, EntryCase> = {
  fhirServices: {
    valid: [
      { base: 'https://fhir.rn.dk/fhir' },
      {
        services: {
          patient: 'https://patient.ehealth.sundhed.dk/fhir',
          careplan: 'https://careplan.ehealth.sundhed.dk/fhir',
        },
      },
    ],
    invalid: [
      { base: 'http://fhir.rn.dk/fhir' },
      { base: 'https://nurse:secret@fhir.rn.dk/fhir' },
      { base: 'https://fhir.rn.dk/fhir?_format=json' },
      { base: 'https://fhir.rn.dk/fhir#x' },
      { base: 'https://fhir.rn.dk', extra: 1 },
      { services: {} },
      { services: { __proto__: 'https://fhir.rn.dk' } },
      { services: { Patient: 'https://fhir.rn.dk' } },
      'https://fhir.rn.dk',
    ],
  },
  signIn: {
    valid: [
      {
        kind: 'fut',
        authority: 'https://saml.ehealth.sundhed.dk/auth/realms/ehealth',
        clientId: 'nordjysk-workbench',
        scopes: ['openid', 'offline_access'],
      },
      {
        kind: 'entra',
        authority: 'https://login.microsoftonline.com/4a2d8a5e-0000-4000-8000-000000000000',
        clientId: '0f4e9f1c-0000-4000-8000-000000000000',
        scopes: ['https://rn-fhir.fhir.azurehealthcareapis.com/.default'],
      },
    ],
    invalid: [
      { kind: 'google', authority: 'https://accounts.google.com', clientId: 'x', scopes: [] },
      { kind: 'fut', authority: 'javascript:alert(1)', clientId: 'x', scopes: [] },
      // The sign-in page opens in the system browser, which the app sends only to https.
      { kind: 'fut', authority: 'http://127.0.0.1:8080/realms/dev', clientId: 'x', scopes: [] },
      { kind: 'fut', authority: 'https://idp.rn.dk', clientId: 'two words', scopes: [] },
      { kind: 'fut', authority: 'https://idp.rn.dk', clientId: 'x', scopes: ['a b'] },
      { kind: 'fut', authority: 'https://idp.rn.dk', clientId: 'x' },
    ],
  },
  meetingOrigins: {
    valid: [['https://vdx.sundhed.dk', 'https://meet.rn.dk:8443'], []],
    invalid: [
      ['https://vdx.sundhed.dk/'],
      ['http://vdx.sundhed.dk'],
      ['HTTPS://VDX.SUNDHED.DK'],
      ['https://vdx.sundhed.dk/join'],
      'https://vdx.sundhed.dk',
      Array.from({ length: 21 }, (_, i) => `https://video${i}.rn.dk`),
    ],
  },
  offlineGraceHours: { valid: [8, 0], invalid: [-1, 73, 1.5, '8', null] },
  sharedWorkstation: { valid: [true, false], invalid: ['yes', 1, null] },
  idleLockMaxMinutes: { valid: [15, 60], invalid: [0, 481, 2.5, null] },
  updateUrl: {
    valid: ['https://updates.rn.dk/workbench', null],
    invalid: [
      'http://updates.rn.dk',
      // Installers are code: not even a local feed over plain http.
      'http://127.0.0.1:8080/updates',
      'https://updates.rn.dk/?channel=beta',
      'file:///etc/passwd',
      'https://updates.rn.dk/ workbench',
      `https://updates.rn.dk/${'a'.repeat(2000)}`,
    ],
  },
};

/** Every user entry, with values the administrator file or the user may and may not give. */
const USER_CASES: Record<UserEntry, EntryCase> = {
  language: { valid: ['en', 'da'], invalid: ['fr', 'DA', null] },
  cacheRetentionDays: { valid: [90, 7], invalid: [0, 366, 2.5, '30'] },
  desktopNotifications: { valid: [false, true], invalid: ['false', 0] },
  idleLockMinutes: { valid: [5, 20], invalid: [0, 481, '5'] },
  savedViews: {
    valid: [[{ id: 'red-first', name: 'Røde værdier', page: 'caseload', query: 'flag=red' }], []],
    invalid: [
      [{ id: 'x' }],
      [{ id: 'x', name: 'X', page: 'citizen', query: '' }],
      [{ id: 'a b', name: 'X', page: 'caseload', query: '' }],
      'red-first',
    ],
  },
};

describe('settings in two levels', () => {
  const temp = useTempDir('wb-settings-levels');

  async function storeWith(files: {
    administrator?: unknown;
    machine?: unknown;
    user?: unknown;
  }): Promise<SettingsStore> {
    const paths = {
      administrator: join(temp.path, 'administrator-defaults.json'),
      machine: join(temp.path, 'machine-settings.json'),
      user: join(temp.path, 'settings.json'),
    };
    for (const level of ['administrator', 'machine', 'user'] as const) {
      const content = files[level];
      if (content !== undefined)
        await writeFile(
          paths[level],
          typeof content === 'string' ? content : JSON.stringify(content),
        );
    }
    return createSettingsStore(paths);
  }

  it('every entry has test values here', () => {
    expect(Object.keys(MACHINE_CASES).sort()).toEqual([...MACHINE_ENTRY_NAMES].sort());
    expect(Object.keys(USER_CASES).sort()).toEqual([...USER_ENTRY_NAMES].sort());
  });

  describe.each(MACHINE_ENTRY_NAMES)('the machine entry %s', (entry) => {
    const [first, second] = MACHINE_CASES[entry].valid;

    it('takes the administrator default, then the machine override', async () => {
      const byAdministrator = await (
        await storeWith({ administrator: { machine: { [entry]: first } } })
      ).read();
      expect(byAdministrator.connection[entry]).toEqual(first);
      expect(byAdministrator.entries[entry]).toEqual({ source: 'administrator', locked: false });

      const overridden = await (
        await storeWith({
          administrator: { machine: { [entry]: first } },
          machine: { [entry]: second },
        })
      ).read();
      expect(overridden.connection[entry]).toEqual(second);
      expect(overridden.entries[entry]).toEqual({ source: 'machine', locked: false });
      expect(overridden.problems).toEqual([]);
    });

    it('keeps a locked administrator value over the machine override, and says so', async () => {
      const view = await (
        await storeWith({
          administrator: {
            managedBy: 'Region Nordjylland IT',
            machine: { [entry]: first },
            locked: [entry],
          },
          machine: { [entry]: second },
        })
      ).read();
      expect(view.connection[entry]).toEqual(first);
      expect(view.entries[entry]).toEqual({ source: 'administrator', locked: true });
      expect(view.managedBy).toBe('Region Nordjylland IT');
      expect(view.problems).toEqual([
        expect.objectContaining({ file: 'machine', kind: 'locked', entry }),
      ]);
    });

    it('a lock without a value locks the built-in default', async () => {
      const view = await (
        await storeWith({ administrator: { locked: [entry] }, machine: { [entry]: second } })
      ).read();
      expect(view.connection[entry]).toEqual(builtInMachineSettings()[entry]);
      expect(view.entries[entry]).toEqual({ source: 'built-in', locked: true });
    });

    it.each(
      MACHINE_CASES[entry].invalid.map((value) => [JSON.stringify(value).slice(0, 60), value]),
    )('names the entry for %s and starts on the valid rest', async (_label, value) => {
      const view = await (
        await storeWith({
          administrator: {
            managedBy: 'RN IT',
            machine: { [entry]: value },
            user: { language: 'en' },
          },
          machine: { [entry]: value },
        })
      ).read();
      expect(view.connection[entry]).toEqual(builtInMachineSettings()[entry]);
      expect(view.entries[entry].source).toBe('built-in');
      expect(view.problems).toEqual([
        expect.objectContaining({
          file: 'administrator',
          kind: 'invalid-value',
          entry: `machine.${entry}`,
        }),
        expect.objectContaining({ file: 'machine', kind: 'invalid-value', entry }),
      ]);
      for (const problem of view.problems) expect(problem.detail.length).toBeGreaterThan(5);
      // The rest of the administrator file still counts.
      expect(view.managedBy).toBe('RN IT');
      expect(view.preferences.language).toBe('en');
    });
  });

  describe.each(USER_ENTRY_NAMES)('the user entry %s', (entry) => {
    const [first, second] = USER_CASES[entry].valid;

    it('takes the administrator default, then the user’s own choice', async () => {
      const store = await storeWith({ administrator: { user: { [entry]: first } } });
      const before = await store.read();
      expect(before.preferences[entry]).toEqual(first);
      expect(before.entries[entry]).toEqual({ source: 'administrator', locked: false });

      const after = await store.update({ [entry]: second });
      expect(after.preferences[entry]).toEqual(second);
      expect(after.entries[entry]).toEqual({ source: 'user', locked: false });
    });

    it('refuses to change a locked entry, and ignores an earlier choice of it', async () => {
      const store = await storeWith({
        administrator: {
          managedBy: 'Aalborg Kommune IT',
          user: { [entry]: first },
          locked: [entry],
        },
        user: { [entry]: second },
      });
      const view = await store.read();
      expect(view.preferences[entry]).toEqual(first);
      expect(view.entries[entry]).toEqual({ source: 'administrator', locked: true });

      await expect(store.update({ [entry]: second })).rejects.toMatchObject({
        reason: 'setting-locked',
        message: expect.stringContaining(entry) as unknown,
      });
      await expect(store.update({ [entry]: second })).rejects.toThrow('Aalborg Kommune IT');
      // The user's earlier choice stays in the file, for when the lock is lifted.
      expect(JSON.parse(await readFile(join(temp.path, 'settings.json'), 'utf8'))).toEqual({
        [entry]: second,
      });
    });

    it.each(USER_CASES[entry].invalid.map((value) => [JSON.stringify(value).slice(0, 60), value]))(
      'refuses %s from the user and names it in the administrator file',
      async (_label, value) => {
        const store = await storeWith({ administrator: { user: { [entry]: value } } });
        const view = await store.read();
        expect(view.preferences[entry]).toEqual(builtInUserPreferences()[entry]);
        expect(view.problems).toEqual([
          expect.objectContaining({
            file: 'administrator',
            kind: 'invalid-value',
            entry: `user.${entry}`,
          }),
        ]);
        await expect(store.update({ [entry]: value })).rejects.toMatchObject({
          reason: 'setting-invalid',
          message: expect.stringContaining(entry) as unknown,
        });
      },
    );
  });

  it('keeps the idle lock within the machine maximum', async () => {
    const store = await storeWith({
      administrator: { machine: { idleLockMaxMinutes: 15 } },
      user: { idleLockMinutes: 60 },
    });
    expect((await store.read()).preferences.idleLockMinutes).toBe(15);
    await expect(store.update({ idleLockMinutes: 20 })).rejects.toMatchObject({
      reason: 'setting-invalid',
      message: expect.stringContaining('15') as unknown,
    });
    expect((await store.update({ idleLockMinutes: 15 })).preferences.idleLockMinutes).toBe(15);
  });

  it('never allows an offline grace period on a shared workstation', async () => {
    const view = await (
      await storeWith({
        administrator: { machine: { offlineGraceHours: 12 } },
        machine: { sharedWorkstation: true },
      })
    ).read();
    expect(view.connection.offlineGraceHours).toBe(12);
    expect(offlineGraceHoursInForce(view.connection)).toBe(0);
    expect(offlineGraceHoursInForce({ ...view.connection, sharedWorkstation: false })).toBe(12);
  });

  it.each([
    ['not JSON', '{"machine": {', 'not-json', null],
    ['a list', '[1, 2]', 'not-json', null],
    ['an unknown top-level name', '{"machines": {}}', 'unknown-entry', 'machines'],
    ['machine as a list', '{"machine": []}', 'not-json', 'machine'],
    [
      'an unknown machine entry',
      '{"machine": {"fhirBase": "https://x.dk"}}',
      'unknown-entry',
      'machine.fhirBase',
    ],
    [
      'an unknown entry locked',
      '{"locked": ["everything"]}',
      'unknown-entry',
      'locked: everything',
    ],
    ['locked as a string', '{"locked": "language"}', 'invalid-value', 'locked'],
    ['an empty managedBy', '{"managedBy": ""}', 'invalid-value', 'managedBy'],
  ])(
    'names what is wrong in an administrator file holding %s',
    async (_what, text, kind, entry) => {
      const view = await (await storeWith({ administrator: text })).read();
      expect(view.problems).toEqual([
        expect.objectContaining({ file: 'administrator', kind, entry }),
      ]);
      expect(view.connection).toEqual(builtInMachineSettings());
    },
  );

  it('reads a file with a name like an object’s own property as an ordinary unknown name', async () => {
    const view = await (
      await storeWith({
        administrator:
          '{"machine": {"constructor": 1, "__proto__": {"updateUrl": "https://evil.example"}}}',
      })
    ).read();
    expect(view.connection.updateUrl).toBeNull();
    expect(view.problems.map((problem) => problem.entry)).toEqual([
      'machine.constructor',
      'machine.__proto__',
    ]);
  });
});

describe('the example administrator file in docs/examples', () => {
  it('is valid in every entry, so what README shows works as written', async () => {
    const path = join(import.meta.dirname, '../../../../docs/examples/administrator-defaults.json');
    const defaults = parseAdministratorFile(await readFile(path, 'utf8'));
    expect(defaults.problems).toEqual([]);
    expect(defaults.locked.size).toBeGreaterThan(0);
    expect(defaults.managedBy).toMatch(/Region Nordjylland/);
  });
});
