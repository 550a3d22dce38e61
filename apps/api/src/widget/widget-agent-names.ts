import { Injectable } from '@nestjs/common';
import { AgentsService } from '@switchboard/auth';
import { WorkspaceId } from '@switchboard/database';

const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

/** Agents' display names for the widget, cached briefly: every live stream of a conversation asks for the same few. */
@Injectable()
export class WidgetAgentNames {
  private readonly cache = new Map<string, { name: string | null; expires: number }>();

  constructor(private readonly agents: AgentsService) {}

  async names(workspaceId: WorkspaceId, agentIds: Array<string | null>): Promise<Map<string, string | null>> {
    const now = Date.now();
    const result = new Map<string, string | null>();
    const missing: string[] = [];
    for (const id of new Set(agentIds)) {
      if (!id) continue;
      const cached = this.cache.get(`${workspaceId}:${id}`);
      if (cached && cached.expires > now) result.set(id, cached.name);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const found = await this.agents.names(workspaceId, missing);
      if (this.cache.size + missing.length > MAX_ENTRIES) this.cache.clear();
      for (const id of missing) {
        const name = found.get(id) ?? null;
        result.set(id, name);
        this.cache.set(`${workspaceId}:${id}`, { name, expires: now + TTL_MS });
      }
    }
    return result;
  }
}
