import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CreateAgentDto } from '../../agents/dto/agent.dto';
import { WorkspaceSettingsDto } from './workspace-settings.dto';

/** The workspace's first console user, so escalations have someone to see them from the start. */
export class WorkspaceAdminDto extends PickType(CreateAgentDto, ['email', 'name'] as const) {
  @ApiProperty({ minLength: 12, maxLength: 200, description: 'Console password (12 to 200 characters).' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password!: string;
}

export class CreateWorkspaceDto {
  @ApiProperty({ maxLength: 200, example: 'Acme Support' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ type: WorkspaceSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkspaceSettingsDto)
  settings?: WorkspaceSettingsDto;

  @ApiPropertyOptional({
    type: WorkspaceAdminDto,
    description:
      'Creates the first admin agent with the workspace. Without one the response carries a warning: ' +
      'escalations would wait for an agent nobody has created yet.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkspaceAdminDto)
  admin?: WorkspaceAdminDto;
}

export class UpdateWorkspaceDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}
