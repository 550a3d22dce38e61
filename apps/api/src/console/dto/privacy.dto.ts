import { ApiProperty } from '@nestjs/swagger';
import { ConsoleRequest } from '@switchboard/contracts';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { RETENTION_DAYS_MAX, RETENTION_DAYS_MIN } from '../../workspaces/dto/workspace-settings.dto';

export class RetentionDto implements ConsoleRequest<'PATCH privacy'> {
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: RETENTION_DAYS_MIN,
    maximum: RETENTION_DAYS_MAX,
    description: 'Days after its last activity a conversation is deleted; null keeps conversations forever.',
  })
  // Null is a value here (keep forever); only a number is range-checked.
  @ValidateIf((_dto, value) => value !== null)
  @IsInt({ message: 'retentionDays must be a whole number of days, or null' })
  @Min(RETENTION_DAYS_MIN, { message: `retentionDays must be at least ${RETENTION_DAYS_MIN}` })
  @Max(RETENTION_DAYS_MAX, { message: `retentionDays must be at most ${RETENTION_DAYS_MAX} (ten years)` })
  retentionDays!: number | null;
}
