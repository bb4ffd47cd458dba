import { NO_ADMINISTRATOR_DEFAULTS, resolveSettings } from '../../main/settings/settings-layers.ts';
import type { SettingsView } from '../../shared/ipc/schemas.ts';
import type { UserPreferences } from '../../shared/settings/entries.ts';

/**
 * The settings main answers with when only the user's file counts (no
 * administrator or machine file): built-in defaults, with the preferences
 * given marked as the user's own.
 */
export function settingsView(preferences: Partial<UserPreferences> = {}): SettingsView {
  return resolveSettings(
    NO_ADMINISTRATOR_DEFAULTS,
    { values: {}, problems: [] },
    { values: preferences, problems: [] },
  );
}
