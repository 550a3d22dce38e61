import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Workspace, WorkspaceId, WorkspaceSettings } from '@switchboard/database';
import { WorkspacesService } from '@switchboard/conversations';
import { DataSource } from 'typeorm';
import { ApiKeysService, IssuedApiKey } from './api-keys.service';

/** Creates a workspace together with the API key that manages it, in one transaction. */
@Injectable()
export class WorkspaceProvisioningService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  provision(
    name: string,
    settings?: Partial<WorkspaceSettings>,
  ): Promise<{ workspace: Workspace; apiKey: IssuedApiKey }> {
    return this.dataSource.transaction(async (manager) => {
      const workspace = await this.workspaces.create(manager, name, settings);
      const apiKey = await this.apiKeys.issue(workspace.id as WorkspaceId, 'Default key', manager);
      return { workspace, apiKey };
    });
  }
}
