import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGENT_ROLES, AgentRole } from '@switchboard/database';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

export class CreateAgentDto {
  @ApiProperty({ example: 'ana@example.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: AGENT_ROLES })
  @IsIn(AGENT_ROLES)
  role!: AgentRole;

  @ApiPropertyOptional({
    minLength: 12,
    maxLength: 200,
    description: 'Console password (12 to 200 characters), stored as a scrypt hash. Required unless `slackOnly`.',
  })
  @ValidateIf((dto: CreateAgentDto) => dto.slackOnly !== true || dto.password !== undefined)
  @IsDefined({
    message:
      'password is required: without one the agent can never sign in to the console ' +
      '(send "slackOnly": true for an agent who works only from Slack)',
  })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({
    description:
      'An agent who works only from Slack (matched by their Slack profile e-mail) and never signs in to the console: ' +
      'no password needed. A password can be set later with PATCH.',
  })
  @IsOptional()
  @IsBoolean()
  slackOnly?: boolean;
}

export class UpdateAgentDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: AGENT_ROLES })
  @IsOptional()
  @IsIn(AGENT_ROLES)
  role?: AgentRole;

  @ApiPropertyOptional({ minLength: 12, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password?: string;
}
