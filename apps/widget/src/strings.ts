import type { ConversationOwner } from '@switchboard/contracts';

export interface WidgetStrings {
  openChat: string;
  closeChat: string;
  minimizeChat: string;
  unreadCount: string;
  defaultTitle: string;
  statusOnline: string;
  statusAway: string;
  statusQueued: string;
  statusAgent: string;
  messageLabel: string;
  messagePlaceholder: string;
  send: string;
  talkToHuman: string;
  youLabel: string;
  assistantLabel: string;
  agentLabel: string;
  helpful: string;
  notHelpful: string;
  feedbackQuestion: string;
  feedbackThanks: string;
  confirmQuestion: string;
  confirmYes: string;
  confirmNo: string;
  typingBot: string;
  typingAgent: string;
  sources: string;
  attachFile: string;
  attachmentRefused: string;
  handoffRequested: string;
  alreadyQueued: string;
  agentAlreadyHere: string;
  rateLimited: string;
  offline: string;
  connecting: string;
  sending: string;
  retrying: string;
  notSent: string;
  characterCount: string;
  tooLong: string;
  identityInvalid: string;
  identityRequired: string;
  unavailable: string;
  genericError: string;
  emailLabel: string;
  emailPlaceholder: string;
  emailSubmit: string;
  emailInvalid: string;
  emailSent: string;
  emailFailed: string;
  poweredBy: string;
  endChat: string;
  csatQuestion: string;
  csatStar: string;
  csatCommentLabel: string;
  csatSubmit: string;
  csatThanks: string;
  csatClosed: string;
}

export type StringKey = keyof WidgetStrings;

export const EN: WidgetStrings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  minimizeChat: 'Minimize chat',
  unreadCount: '{count} unread messages',
  defaultTitle: 'Support',
  statusOnline: 'We are online',
  statusAway: "We'll reply as soon as we can",
  statusQueued: 'A colleague will join shortly',
  statusAgent: "You're chatting with our team",
  messageLabel: 'Message',
  messagePlaceholder: 'Write a message…',
  send: 'Send',
  talkToHuman: 'Talk to a human',
  youLabel: 'You',
  assistantLabel: 'Assistant',
  agentLabel: 'Support team',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  feedbackQuestion: 'Was this helpful?',
  feedbackThanks: 'Thanks for your feedback',
  confirmQuestion: 'Confirm or decline',
  confirmYes: 'Yes',
  confirmNo: 'No',
  typingBot: 'Assistant is typing…',
  typingAgent: 'An agent is typing…',
  sources: 'Sources',
  attachFile: 'Attach an image or PDF',
  attachmentRefused: 'This file could not be sent: {reason}',
  handoffRequested: 'A colleague has been asked to join',
  alreadyQueued: "You're already in the queue. A colleague will join as soon as they can.",
  agentAlreadyHere: 'A colleague is already in this conversation.',
  rateLimited: "You're sending messages too fast, please wait a moment",
  offline: "You're offline, reconnecting…",
  connecting: 'Connecting…',
  sending: 'Sending…',
  retrying: 'Not sent yet, retrying…',
  notSent: 'Not sent',
  characterCount: '{count} / {max}',
  tooLong: 'Your message is too long ({count} / {max} characters)',
  identityInvalid: "We couldn't verify who you are. Please sign in again and reload the page.",
  identityRequired: 'Please sign in to chat with us.',
  unavailable: 'Chat is not available on this page.',
  genericError: 'Something went wrong. Please try again.',
  emailLabel: 'Your e-mail address',
  emailPlaceholder: 'you@example.com',
  emailSubmit: 'Notify me',
  emailInvalid: 'Please enter a valid e-mail address.',
  emailSent: "Thanks! We'll get back to you at {email}.",
  emailFailed: "We couldn't save your e-mail address. Please try again.",
  poweredBy: 'Powered by Switchboard',
  endChat: 'End chat',
  csatQuestion: 'How would you rate this conversation?',
  csatStar: '{score} out of 5',
  csatCommentLabel: 'Anything to add? (optional)',
  csatSubmit: 'Send rating',
  csatThanks: 'Thanks! You rated this conversation {score} out of 5. You can still change it.',
  csatClosed: 'The time to rate this conversation has passed.',
};

export const DE: WidgetStrings = {
  openChat: 'Chat öffnen',
  closeChat: 'Chat schließen',
  minimizeChat: 'Chat minimieren',
  unreadCount: '{count} ungelesene Nachrichten',
  defaultTitle: 'Support',
  statusOnline: 'Wir sind online',
  statusAway: 'Wir antworten so bald wie möglich',
  statusQueued: 'Ein Kollege kommt gleich dazu',
  statusAgent: 'Sie chatten mit unserem Team',
  messageLabel: 'Nachricht',
  messagePlaceholder: 'Nachricht schreiben…',
  send: 'Senden',
  talkToHuman: 'Mit einem Menschen sprechen',
  youLabel: 'Sie',
  assistantLabel: 'Assistent',
  agentLabel: 'Support-Team',
  helpful: 'Hilfreich',
  notHelpful: 'Nicht hilfreich',
  feedbackQuestion: 'War das hilfreich?',
  feedbackThanks: 'Danke für Ihr Feedback',
  confirmQuestion: 'Bestätigen oder ablehnen',
  confirmYes: 'Ja',
  confirmNo: 'Nein',
  typingBot: 'Der Assistent schreibt…',
  typingAgent: 'Ein Mitarbeiter schreibt…',
  sources: 'Quellen',
  attachFile: 'Bild oder PDF anhängen',
  attachmentRefused: 'Diese Datei konnte nicht gesendet werden: {reason}',
  handoffRequested: 'Ein Kollege wurde gebeten, dazuzukommen',
  alreadyQueued: 'Sie sind bereits in der Warteschlange. Ein Kollege kommt so bald wie möglich dazu.',
  agentAlreadyHere: 'Ein Kollege ist bereits in diesem Gespräch.',
  rateLimited: 'Sie senden Nachrichten zu schnell, bitte warten Sie einen Moment',
  offline: 'Sie sind offline, Verbindung wird wiederhergestellt…',
  connecting: 'Verbinden…',
  sending: 'Wird gesendet…',
  retrying: 'Noch nicht gesendet, neuer Versuch…',
  notSent: 'Nicht gesendet',
  characterCount: '{count} / {max}',
  tooLong: 'Ihre Nachricht ist zu lang ({count} / {max} Zeichen)',
  identityInvalid:
    'Wir konnten Ihre Identität nicht bestätigen. Bitte melden Sie sich erneut an und laden Sie die Seite neu.',
  identityRequired: 'Bitte melden Sie sich an, um mit uns zu chatten.',
  unavailable: 'Der Chat ist auf dieser Seite nicht verfügbar.',
  genericError: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  emailLabel: 'Ihre E-Mail-Adresse',
  emailPlaceholder: 'sie@beispiel.de',
  emailSubmit: 'Benachrichtigen',
  emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  emailSent: 'Danke! Wir melden uns unter {email}.',
  emailFailed: 'Ihre E-Mail-Adresse konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.',
  poweredBy: 'Bereitgestellt von Switchboard',
  endChat: 'Chat beenden',
  csatQuestion: 'Wie bewerten Sie dieses Gespräch?',
  csatStar: '{score} von 5',
  csatCommentLabel: 'Möchten Sie etwas hinzufügen? (optional)',
  csatSubmit: 'Bewertung senden',
  csatThanks: 'Danke! Sie haben dieses Gespräch mit {score} von 5 bewertet. Sie können es noch ändern.',
  csatClosed: 'Die Zeit für eine Bewertung dieses Gesprächs ist abgelaufen.',
};

export const FR: WidgetStrings = {
  openChat: 'Ouvrir le chat',
  closeChat: 'Fermer le chat',
  minimizeChat: 'Réduire le chat',
  unreadCount: '{count} messages non lus',
  defaultTitle: 'Assistance',
  statusOnline: 'Nous sommes en ligne',
  statusAway: 'Nous vous répondrons dès que possible',
  statusQueued: 'Un collègue va vous rejoindre',
  statusAgent: 'Vous discutez avec notre équipe',
  messageLabel: 'Message',
  messagePlaceholder: 'Écrivez un message…',
  send: 'Envoyer',
  talkToHuman: 'Parler à un humain',
  youLabel: 'Vous',
  assistantLabel: 'Assistant',
  agentLabel: "Équipe d'assistance",
  helpful: 'Utile',
  notHelpful: 'Pas utile',
  feedbackQuestion: 'Cette réponse vous a-t-elle aidé ?',
  feedbackThanks: 'Merci pour votre avis',
  confirmQuestion: 'Confirmer ou refuser',
  confirmYes: 'Oui',
  confirmNo: 'Non',
  typingBot: "L'assistant écrit…",
  typingAgent: 'Un conseiller écrit…',
  sources: 'Sources',
  attachFile: 'Joindre une image ou un PDF',
  attachmentRefused: "Ce fichier n'a pas pu être envoyé : {reason}",
  handoffRequested: 'Un collègue a été invité à rejoindre la conversation',
  alreadyQueued: "Vous êtes déjà dans la file d'attente. Un collègue vous rejoindra dès que possible.",
  agentAlreadyHere: 'Un collègue participe déjà à cette conversation.',
  rateLimited: 'Vous envoyez des messages trop vite, veuillez patienter un instant',
  offline: 'Vous êtes hors ligne, reconnexion…',
  connecting: 'Connexion…',
  sending: 'Envoi…',
  retrying: 'Pas encore envoyé, nouvel essai…',
  notSent: 'Non envoyé',
  characterCount: '{count} / {max}',
  tooLong: 'Votre message est trop long ({count} / {max} caractères)',
  identityInvalid: "Nous n'avons pas pu vérifier votre identité. Reconnectez-vous puis rechargez la page.",
  identityRequired: 'Veuillez vous connecter pour discuter avec nous.',
  unavailable: "Le chat n'est pas disponible sur cette page.",
  genericError: "Une erreur s'est produite. Veuillez réessayer.",
  emailLabel: 'Votre adresse e-mail',
  emailPlaceholder: 'vous@exemple.fr',
  emailSubmit: 'Me prévenir',
  emailInvalid: 'Veuillez saisir une adresse e-mail valide.',
  emailSent: 'Merci ! Nous vous répondrons à {email}.',
  emailFailed: "Votre adresse e-mail n'a pas pu être enregistrée. Veuillez réessayer.",
  poweredBy: 'Propulsé par Switchboard',
  endChat: 'Terminer la discussion',
  csatQuestion: 'Comment évaluez-vous cette conversation ?',
  csatStar: '{score} sur 5',
  csatCommentLabel: 'Quelque chose à ajouter ? (facultatif)',
  csatSubmit: 'Envoyer la note',
  csatThanks: 'Merci ! Vous avez noté cette conversation {score} sur 5. Vous pouvez encore la modifier.',
  csatClosed: 'Le délai pour noter cette conversation est passé.',
};

export const DICTIONARIES: Readonly<Record<string, WidgetStrings>> = { en: EN, de: DE, fr: FR };

const STRING_KEYS = Object.keys(EN) as StringKey[];

export interface LocaleCandidates {
  settings?: string | null;
  attribute?: string | null;
  inbox?: string | null;
  browser?: string | null;
}

/** The first locale given, in order of precedence: host settings, script attribute, inbox, browser. */
export function chooseLocale(candidates: LocaleCandidates): string {
  const ordered = [candidates.settings, candidates.attribute, candidates.inbox, candidates.browser];
  for (const candidate of ordered) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  return 'en';
}

/** The dictionary for a BCP 47 tag: exact match, then its language, then English. */
export function dictionaryFor(locale: string): WidgetStrings {
  const normalized = locale.toLowerCase().replace(/_/g, '-');
  return DICTIONARIES[normalized] ?? DICTIONARIES[normalized.split('-')[0] ?? ''] ?? EN;
}

/**
 * Per-key overrides from a loosely typed source. A flat `{ send: 'Go' }` applies to every locale; a nested
 * `{ de: { send: 'Los' } }` applies to that locale (or its language) and wins over the flat keys.
 */
export function overridesFor(source: unknown, locale: string): Partial<WidgetStrings> {
  if (typeof source !== 'object' || source === null) return {};
  const record = source as Record<string, unknown>;
  const normalized = locale.toLowerCase().replace(/_/g, '-');
  const language = normalized.split('-')[0] ?? normalized;
  const nested = [language, normalized]
    .filter((tag, index, all) => all.indexOf(tag) === index)
    .map((tag) => findCaseInsensitive(record, tag))
    .filter((value): value is Record<string, unknown> => typeof value === 'object' && value !== null);
  const result: Partial<WidgetStrings> = {};
  for (const layer of [record, ...nested]) {
    for (const key of STRING_KEYS) {
      const value = layer[key];
      if (typeof value === 'string' && value.trim() !== '') result[key] = value;
    }
  }
  return result;
}

function findCaseInsensitive(record: Record<string, unknown>, key: string): unknown {
  const match = Object.keys(record).find((candidate) => candidate.toLowerCase() === key);
  return match === undefined ? undefined : record[match];
}

/** The strings the widget shows: the locale's dictionary, then inbox overrides, then the host page's. */
export function resolveStrings(locale: string, ...overrideSources: unknown[]): WidgetStrings {
  const resolved: WidgetStrings = { ...dictionaryFor(locale) };
  for (const source of overrideSources) Object.assign(resolved, overridesFor(source, locale));
  return resolved;
}

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export function formatString(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

/** What the header says: a person is here, one is on the way, or whether anyone is online at all. */
export function statusTextFor(strings: WidgetStrings, online: boolean, owner: ConversationOwner): string {
  if (owner === 'agent') return strings.statusAgent;
  if (owner === 'queued') return online ? strings.statusQueued : strings.statusAway;
  return online ? strings.statusOnline : strings.statusAway;
}
