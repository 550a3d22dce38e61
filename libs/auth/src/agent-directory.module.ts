import { Module } from '@nestjs/common';
import { AgentDirectoryService } from './agent-directory.service';
import { AgentsRepository } from './agents.repository';

/** Agent look-ups for other libs, without sign-in, sessions and their Redis rate limiter. Needs DatabaseModule. */
@Module({
  providers: [AgentsRepository, AgentDirectoryService],
  exports: [AgentDirectoryService],
})
export class AgentDirectoryModule {}
