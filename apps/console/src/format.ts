import type {
  AgentRole,
  Availability,
  ConversationOwner,
  MessageAuthor,
  TicketStatus,
  TicketView,
} from '@switchboard/contracts';

const REASON_LABELS = new Map<string, string>([
  ['low_confidence', 'Bot unsure'],
  ['customer_asked', 'Customer asked for a person'],
  ['negative_feedback', 'Negative feedback'],
  ['action_failed', 'Action failed'],
  ['llm_failure', 'Model failure'],
  ['policy', 'Policy'],
]);

/** A readable label for a handoff reason; an unknown reason is humanised rather than hidden. */
export function reasonLabel(reason: string): string {
  return REASON_LABELS.get(reason) ?? humanize(reason);
}

/** A transcript activity line as agents read it: a handoff names its reason's label, never the raw code. */
export function activityText(message: { content: string; metadata?: Record<string, unknown> }): string {
  const metadata = message.metadata ?? {};
  if (metadata.event === 'handoff' && typeof metadata.reason === 'string') {
    return `Handed off to a person: ${reasonLabel(metadata.reason)}`;
  }
  return message.content;
}

export function statusLabel(status: TicketStatus): string {
  switch (status) {
    case 'open':
      return 'Open';
    case 'assigned':
      return 'Assigned';
    case 'pending':
      return 'Pending';
    case 'resolved':
      return 'Resolved';
  }
}

/** The ticket's state in one label: a hand-back reads as such, not as a plain "Resolved". */
export function ticketStateLabel(ticket: Pick<TicketView, 'status' | 'resolution'>): string {
  if (ticket.status === 'resolved' && ticket.resolution === 'handed_back') return 'Handed back to bot';
  return statusLabel(ticket.status);
}

/**
 * Who holds the ticket, from `meId`'s point of view (null: no "you"). A closed ticket says who closed it rather
 * than "Assigned to", which would read as if that agent still answered.
 */
export function assigneeText(
  ticket: Pick<TicketView, 'status' | 'resolution' | 'assignee'>,
  meId: string | null,
): string {
  const who = ticket.assignee ? (ticket.assignee.id === meId ? 'you' : ticket.assignee.name) : null;
  if (ticket.status === 'resolved') {
    const verb = ticket.resolution === 'handed_back' ? 'Handed back' : 'Resolved';
    return who ? `${verb} by ${who}` : verb;
  }
  if (!who) return 'Unassigned';
  return meId === null ? (ticket.assignee?.name ?? who) : `Assigned to ${who}`;
}

export function ownerLabel(owner: ConversationOwner): string {
  switch (owner) {
    case 'bot':
      return 'Bot is answering';
    case 'queued':
      return 'Waiting for an agent';
    case 'agent':
      return 'Agent is answering';
    case 'resolved':
      return 'Resolved';
  }
}

export function channelLabel(channel: string): string {
  switch (channel) {
    case 'widget':
      return 'Web chat';
    case 'slack':
      return 'Slack';
    case 'email':
      return 'E-mail';
    default:
      return humanize(channel);
  }
}

export function availabilityLabel(availability: Availability): string {
  switch (availability) {
    case 'online':
      return 'Online';
    case 'busy':
      return 'Busy';
    case 'offline':
      return 'Offline';
  }
}

export function roleLabel(role: AgentRole): string {
  return role === 'admin' ? 'Admin' : 'Agent';
}

/** The name an agent sees for a contact: name, else e-mail, else "Visitor". */
export function contactLabel(contact: { name?: string | null; email?: string | null } | null | undefined): string {
  const name = contact?.name?.trim();
  if (name) return name;
  const email = contact?.email?.trim();
  return email ? email : 'Visitor';
}

export function authorLabel(
  message: { author: MessageAuthor; agentName: string | null },
  contact: { name?: string | null; email?: string | null } | null,
): string {
  switch (message.author) {
    case 'contact':
      return contactLabel(contact);
    case 'bot':
      return 'Bot';
    case 'agent':
      return message.agentName?.trim() || 'Agent';
    case 'system':
      return 'System';
  }
}

/** The first non-empty line of a text, cut at `max` characters. */
export function firstLine(text: string | null | undefined, max = 140): string {
  const line = (text ?? '').split(/\r?\n/).find((candidate) => candidate.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1).trimEnd()}…` : trimmed;
}

/** How long someone has been waiting, coarse enough to scan: "< 1 min", "5 min", "2 h 5 min", "3 d 4 h". */
export function formatWaiting(milliseconds: number): string {
  const minutes = Math.floor(Math.max(0, milliseconds) / 60_000);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return joinUnits([hours, 'h'], [minutes % 60, 'min']);
  return joinUnits([Math.floor(hours / 24), 'd'], [hours % 24, 'h']);
}

/** A duration in seconds for reports: "45 s", "4 min 10 s", "1 h 5 min", "2 d 3 h"; null is "—". */
export function formatDurationSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return joinUnits([minutes, 'min'], [total % 60, 's']);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return joinUnits([hours, 'h'], [minutes % 60, 'min']);
  return joinUnits([Math.floor(hours / 24), 'd'], [hours % 24, 'h']);
}

/** A 0..1 rate as a percentage with at most one decimal: 0.4236 → "42.4%"; null is "—". */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  const tenths = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

export function formatConfidence(confidence: number): string {
  return `confidence ${confidence.toFixed(2)}`;
}

export interface ClockOptions {
  locale?: string;
  timeZone?: string;
}

/** A message time: clock time today, with the date on other days. */
export function formatClock(iso: string, now: Date, options: ClockOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const { locale, timeZone } = options;
  const sameDay =
    new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(date) ===
    new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(now);
  const format: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', timeZone }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone };
  return new Intl.DateTimeFormat(locale, format).format(date);
}

export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : '';
}

function joinUnits(major: [number, string], minor: [number, string]): string {
  return minor[0] > 0 ? `${major[0]} ${major[1]} ${minor[0]} ${minor[1]}` : `${major[0]} ${major[1]}`;
}

/** A file size as people read it: "512 B", "14 KB", "2.3 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface AttachmentInfo {
  name: string;
  size: number;
  /** False when it was over the size limit and only listed, not kept. */
  stored: boolean;
}

/** The e-mail attachments listed in a message's metadata, ignoring anything malformed. */
export function attachmentsOf(metadata: Record<string, unknown>): AttachmentInfo[] {
  const list = metadata.attachments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown): AttachmentInfo[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { name, size, blobKey } = entry as Record<string, unknown>;
    if (typeof name !== 'string') return [];
    return [{ name, size: typeof size === 'number' ? size : 0, stored: typeof blobKey === 'string' }];
  });
}
