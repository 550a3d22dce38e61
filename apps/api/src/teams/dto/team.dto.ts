import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, IsUUID, MaxLength, MinLength, IsOptional } from 'class-validator';

export class CreateTeamDto {
  @ApiProperty({ maxLength: 100, example: 'Billing' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 200,
    description: "The workspace's agents in the team.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'each of agentIds must be an agent id (UUID)' })
  agentIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    example: ['billing'],
    description: "Topics of the workspace's ticketTopics the team takes first.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  topics?: string[];
}

export class UpdateTeamDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 200 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'each of agentIds must be an agent id (UUID)' })
  agentIds?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  topics?: string[];
}

export class TeamResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) agentIds!: string[];
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}
