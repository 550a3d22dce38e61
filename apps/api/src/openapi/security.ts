import {
  AllowQueryToken as AllowSessionQueryToken,
  AdminTokenGuard,
  AgentSessionGuard,
  ApiKeyGuard,
} from '@switchboard/auth';
import { SecuritySchemeObject } from '@nestjs/swagger';
import { AllowQueryToken as AllowVisitorQueryToken, WidgetVisitorGuard } from '../widget/widget-visitor.guard';

/** How each caller proves who it is; the names are what operations list under `security`. */
export const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  'admin-token': { type: 'http', scheme: 'bearer', description: 'SWITCHBOARD_ADMIN_TOKEN: instance administration.' },
  'api-key': { type: 'http', scheme: 'bearer', description: 'A workspace API key (sb_...).' },
  'console-session': {
    type: 'http',
    scheme: 'bearer',
    description: 'An agent session token (sbs_...) from POST /v1/console/login.',
  },
  'console-session-query': {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'The agent session token as `?token=`, for EventSource, which cannot send headers.',
  },
  'widget-visitor-token': {
    type: 'http',
    scheme: 'bearer',
    description: 'A visitor token from POST /v1/widget/{inboxKey}/session, valid for that inbox only.',
  },
  'widget-visitor-token-query': {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'The visitor token as `?token=`, for EventSource, which cannot send headers.',
  },
  'email-webhook-secret': {
    type: 'http',
    scheme: 'bearer',
    description: "The e-mail inbox's webhook secret, shown once when the inbox is created.",
  },
};

/** A guard, the scheme it checks, and the metadata key that lets its route take the token as `?token=`. */
export const AUTH_GUARDS: Array<{ guard: unknown; scheme: string; queryScheme?: string; queryKey?: string }> = [
  { guard: AdminTokenGuard, scheme: 'admin-token' },
  { guard: ApiKeyGuard, scheme: 'api-key' },
  {
    guard: AgentSessionGuard,
    scheme: 'console-session',
    queryScheme: 'console-session-query',
    queryKey: metadataKey(AllowSessionQueryToken()),
  },
  {
    guard: WidgetVisitorGuard,
    scheme: 'widget-visitor-token',
    queryScheme: 'widget-visitor-token-query',
    queryKey: metadataKey(AllowVisitorQueryToken()),
  },
];

/** The key a SetMetadata decorator writes. */
function metadataKey(decorator: unknown): string {
  return (decorator as { KEY: string }).KEY;
}

/** Routes that check a credential themselves, without a guard. */
export const SELF_CHECKED_SECURITY: Record<string, string> = {
  EmailWebhookController_inbound: 'email-webhook-secret',
};
