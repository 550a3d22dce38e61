import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { TUNABLE_TASKS } from '@switchboard/fine-tuning';

const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

export class CreateExportDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 2147483647,
    default: 42,
    description: 'Seed of the train/validation split.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2147483647)
  seed?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50000, default: 5000, description: 'Most resolved conversations read.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50000)
  maxConversations?: number;

  @ApiPropertyOptional({ example: 'gpt-4o-mini', description: 'The model whose training price the estimate uses.' })
  @IsOptional()
  @IsString()
  @Matches(MODEL_PATTERN, { message: 'model must be a model id such as gpt-4o-mini' })
  model?: string;
}

export class StartJobDto {
  @ApiProperty({ format: 'uuid', description: 'The export whose files are trained on.' })
  @IsUUID()
  exportId!: string;

  @ApiPropertyOptional({ enum: TUNABLE_TASKS, default: 'answer', description: 'The task the tuned model will serve.' })
  @IsOptional()
  @IsIn(TUNABLE_TASKS)
  task?: 'answer';

  @ApiPropertyOptional({
    example: 'gpt-4o-mini-2024-07-18',
    description: 'Base model; the configured model by default.',
  })
  @IsOptional()
  @IsString()
  @Matches(MODEL_PATTERN, { message: 'model must be a model id such as gpt-4o-mini-2024-07-18' })
  model?: string;

  @ApiPropertyOptional({ example: 'support-style', maxLength: 40, description: "Added to the tuned model's name." })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'suffix must be 1-40 lower-case letters, digits or dashes' })
  suffix?: string;
}
