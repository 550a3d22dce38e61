import type { Workspace } from '@switchboard/database';
import { DEFAULT_WORKSPACE_SETTINGS } from '@switchboard/database';

/**
 * A workspace as the API shows it: with the settings the bot goes by, the defaults filled in for fields stored
 * before they existed (as the answer and handoff services read them).
 */
export function withEffectiveSettings(workspace: Workspace): Workspace {
  return { ...workspace, settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...workspace.settings } };
}
