import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AVAILABILITIES, Availability, ConsoleRequest } from '@switchboard/contracts';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class LoginDto implements ConsoleRequest<'POST login'> {
  @ApiProperty({ example: 'ana@example.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({ description: 'Needed when the e-mail belongs to agents of several workspaces.' })
  @IsOptional()
  @IsUUID()
  workspaceId?: string;
}

export class UpdateMeDto implements ConsoleRequest<'PATCH me'> {
  @ApiProperty({ enum: AVAILABILITIES })
  @IsIn(AVAILABILITIES)
  availability!: Availability;
}
