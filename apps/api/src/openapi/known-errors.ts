/**
 * What no decorator or guard metadata tells: the statuses a route's services throw, found by reading them. Each
 * entry names where the status comes from, so a change there points back here. The rest is derived (rules.ts).
 */
export interface KnownErrors {
  add?: Record<number, string>;
  /** Statuses a generic rule would document but the route never answers. */
  remove?: number[];
}

const WRONG_SOURCE_TYPE = 'The source is of another type than this endpoint takes (ConflictException).';
const REDIS_DOWN = 'Redis is down; retry after Retry-After (`temporarily_unavailable`, RedisUnavailableError).';
const TICKET_CONFLICT =
  'The ticket is claimed by another agent (`already_claimed`) or cannot move so from its status (`illegal_transition`).';

const PROVIDER_REQUIRED =
  'No OpenAI-compatible provider is configured (`provider_required`, FineTuningProviderMissingError).';

export const KNOWN_ERRORS: Record<string, KnownErrors> = {
  FineTuningController_createExport: {
    add: { 422: 'Fewer training examples than the provider accepts (`too_few_examples`, TooFewExamplesError).' },
  },
  FineTuningController_startJob: {
    add: {
      404: 'No export of the workspace has this exportId (FineTuningNotFoundError).',
      409: PROVIDER_REQUIRED,
      422: 'The provider refused the dataset or the job (FineTuningProviderError with a 4xx).',
      502: 'The provider failed or could not be reached (FineTuningProviderError).',
    },
  },
  ConsoleFineTuningController_createExport: {
    add: { 422: 'Fewer training examples than the provider accepts (`too_few_examples`, TooFewExamplesError).' },
  },
  ConsoleFineTuningController_file: {
    add: { 404: 'No export of the workspace has this id, or the file is neither train.jsonl nor validation.jsonl.' },
  },
  ConsoleFineTuningController_startJob: {
    add: {
      404: 'No export of the workspace has this exportId (FineTuningNotFoundError).',
      409: PROVIDER_REQUIRED,
      422: 'The provider refused the dataset or the job (FineTuningProviderError with a 4xx).',
      502: 'The provider failed or could not be reached (FineTuningProviderError).',
    },
  },
  ActionsController_create: { add: { 409: 'The workspace has an action of this name (DuplicateActionNameError).' } },
  ActionsController_update: { add: { 409: 'The workspace has an action of this name (DuplicateActionNameError).' } },
  ConsoleActionsController_createAction: {
    add: { 409: 'The workspace has an action of this name (DuplicateActionNameError).' },
  },
  ConsoleActionsController_updateAction: {
    add: { 409: 'The workspace has an action of this name (DuplicateActionNameError).' },
  },
  TeamsController_create: { add: { 409: 'The workspace has a team of this name (DuplicateTeamError).' } },
  TeamsController_update: { add: { 409: 'The workspace has a team of this name (DuplicateTeamError).' } },
  AgentsController_create: { add: { 409: 'An agent with this e-mail address exists (DuplicateAgentError).' } },
  InboxesController_create: {
    add: { 409: 'Another inbox receives this e-mail address (DuplicateInboxAddressError).' },
  },
  InboxesController_update: {
    add: { 409: 'Another inbox receives this e-mail address (DuplicateInboxAddressError).' },
  },
  KnowledgeController_uploadFiles: {
    add: {
      409: WRONG_SOURCE_TYPE,
      415: 'A file of a type the parser does not read (UnsupportedMediaTypeError).',
    },
  },
  KnowledgeController_addText: { add: { 409: WRONG_SOURCE_TYPE } },
  KnowledgeController_importJsonl: { add: { 409: WRONG_SOURCE_TYPE } },
  ConsoleSessionController_login: {
    add: {
      401: 'Wrong e-mail address or password (`invalid_credentials`).',
      409: 'The password fits agents of several workspaces: send one of `workspaces` (`workspace_required`).',
      429: 'Too many sign-in attempts from this address or for this account; see Retry-After.',
      503: `The sign-in limits cannot be checked: ${REDIS_DOWN}`,
    },
  },
  ConsoleEventsController_stream: { add: { 503: `The stream cannot be live: ${REDIS_DOWN}` } },
  WidgetController_events: { add: { 503: `The stream cannot be live: ${REDIS_DOWN}` } },
  WidgetController_rate: {
    add: { 409: 'The window to rate or change the rating has closed (`csat_window_closed`, CsatWindowClosedError).' },
  },
  WidgetController_end: {
    add: {
      409:
        'A person has the conversation or it has ended (`not_bot_conversation`), or nothing has been said in it yet ' +
        '(`nothing_to_end`).',
    },
  },
  ConsoleConversationsController_write: {
    add: { 409: 'Only the agent who owns the conversation may reply (`not_owner`).' },
  },
  ConsoleTicketsController_claim: { add: { 409: TICKET_CONFLICT } },
  ConsoleTicketsController_pending: { add: { 409: TICKET_CONFLICT } },
  ConsoleTicketsController_resolve: { add: { 409: TICKET_CONFLICT } },
  ConsoleTicketsController_handBack: { add: { 409: TICKET_CONFLICT } },
  ConsoleAssistController_suggestReply: {
    add: { 409: 'The customer has not written anything to reply to (`nothing_to_suggest`, NothingToSuggestError).' },
  },
  ConsoleAssistController_rewrite: {
    add: {
      409: 'No language model is configured; `message` is the one-line reason (`assist_unavailable`, AssistUnavailableError).',
      422: "Translate without a language, and the customer's cannot be told from the conversation (`language_unknown`).",
    },
  },
  ConsoleWorkspaceController_createCannedReply: {
    add: {
      409: 'The short code is taken (`duplicate_short_code`) or the workspace has its most canned replies (`canned_reply_limit`).',
    },
  },
  WidgetController_session: {
    add: { 401: 'userHash does not match userId, or the inbox requires a verified user (`identity_*`).' },
  },
  WidgetController_renew: {
    add: {
      401: 'The visitor token is missing, invalid, revoked, or expired past the renewal grace window (`visitor_token_*`).',
    },
  },
  WidgetController_attach: {
    add: {
      413: 'The file is larger than ATTACHMENT_MAX_BYTES (`attachment_too_large`).',
      415: 'The bytes are not a JPEG, PNG, GIF, WebP or PDF, whatever the name says (`attachment_type_unsupported`).',
    },
  },
  ConsoleConversationsController_downloadFile: {
    add: { 404: "No attachment with this id in this conversation of the agent's workspace." },
  },
  ConsoleConversationsController_previewFile: {
    add: { 404: "No image attachment with this id in this conversation of the agent's workspace (a PDF has none)." },
  },
  EmailWebhookController_inbound: {
    add: {
      401: 'Unknown inbox or wrong webhook secret (the two are not told apart).',
      413: 'The message is larger than the limit.',
      422: 'The body is not a MIME message.',
    },
    // An unknown inbox key is a 401, never a 404: the webhook does not reveal which keys exist.
    remove: [404],
  },
};

/** Routes behind a middleware: what it answers before any handler runs. */
export const PATH_PREFIX_ERRORS: Array<{ prefix: string; errors: Record<number, string> }> = [
  {
    prefix: '/v1/widget/',
    errors: {
      403: 'The page is not on an origin the inbox allows (`origin_not_allowed`).',
      404: 'No widget inbox has this key (`inbox_not_found`).',
    },
  },
];
