import { ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_MAX_DAYS } from '@switchboard/handoff';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ReportQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: REPORT_MAX_DAYS, default: 30, description: 'The last this many days.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(REPORT_MAX_DAYS)
  days: number = 30;
}
