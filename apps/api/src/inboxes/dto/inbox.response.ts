import { ApiProperty } from '@nestjs/swagger';
import { CHANNEL_TYPES } from '@switchboard/database';
import { InboxSettingsDto } from './inbox.dto';

/** Why Slack refused a Slack inbox (its token was revoked or the app uninstalled); cleared by new credentials. */
export class SlackInboxStatusResponse {
  @ApiProperty({ enum: ['broken'] }) state!: 'broken';
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** The settings as given, plus the status the server records. */
export class InboxSettingsResponse extends InboxSettingsDto {
  @ApiProperty({ type: SlackInboxStatusResponse, required: false, description: 'Slack: set when Slack refused.' })
  status?: SlackInboxStatusResponse;
}

export class InboxResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CHANNEL_TYPES }) channel!: string;
  @ApiProperty({ description: "The widget's data-inbox attribute, the e-mail routing key." }) publicKey!: string;
  @ApiProperty({ type: InboxSettingsResponse }) settings!: InboxSettingsResponse;
  @ApiProperty({ type: 'integer', description: 'Moves on each time the visitor tokens are revoked.' })
  visitorTokenGeneration!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt!: Date;
}

export class CreatedInboxResponse {
  @ApiProperty({ type: InboxResponse }) inbox!: InboxResponse;
  @ApiProperty({ required: false, description: 'Widget: the identity secret (HMAC key of user_hash), shown once.' })
  identitySecret?: string;
  @ApiProperty({ required: false, description: "E-mail: the inbound webhook's bearer secret, shown once." })
  webhookSecret?: string;
}

export class VisitorTokensRevokedResponse {
  @ApiProperty({ type: 'integer' }) visitorTokenGeneration!: number;
}
