import type { Availability, AgentView, LoginSession, ConsoleIdentity, WebhookView } from '@switchboard/contracts';
import { CannedRepliesCache } from './canned-replies-cache';
import { ApiError, ConsoleApi } from './console-api';
import { ConsoleEventStream } from './console-events';
import { h } from './dom';
import { DEFAULT_QUEUE_FILTER, type QueueFilter } from './queue-state';
import { contactOfHash, parseRoute, type Route } from './router';
import { SessionStore, type SessionStorage, type StoredSession } from './session';
import { ActionsView } from './views/actions-view';
import { AuditLogView } from './views/audit-log-view';
import { AppShell } from './views/app-shell';
import { CannedRepliesView } from './views/canned-replies-view';
import { FineTuningView } from './views/fine-tuning-view';
import { WebhooksView } from './views/webhooks-view';
import { disabledEndpoints } from './webhooks';
import { PrivacyView } from './views/privacy-view';
import { LoginView } from './views/login-view';
import type { Draft } from './views/reply-composer';
import { ReportsView } from './views/reports-view';
import { SearchView } from './views/search-view';
import { TicketsPage } from './views/tickets-page';

type Page =
  | TicketsPage
  | ReportsView
  | CannedRepliesView
  | ActionsView
  | FineTuningView
  | AuditLogView
  | WebhooksView
  | SearchView
  | PrivacyView;
type AdminRoute = Extract<
  Route,
  { name: 'reports' | 'canned-replies' | 'actions' | 'fine-tuning' | 'audit-log' | 'webhooks' | 'privacy' }
>;

const ADMIN_PAGE_TITLES: Record<AdminRoute['name'], string> = {
  reports: 'Reports',
  'canned-replies': 'Canned replies',
  actions: 'Actions',
  'fine-tuning': 'Fine-tuning',
  'audit-log': 'Audit log',
  webhooks: 'Webhooks',
  privacy: 'Privacy',
};

interface SignedIn {
  session: StoredSession;
  identity: ConsoleIdentity;
  shell: AppShell;
  events: ConsoleEventStream;
  page: Page | null;
}

const HOME = '#/tickets';

/** The console: who is signed in, which page shows, and the live event feed that keeps pages current. */
export class ConsoleApp {
  private readonly sessions: SessionStore;
  private readonly api: ConsoleApi;
  private readonly cannedReplies: CannedRepliesCache;
  private readonly drafts = new Map<string, Draft>();
  private token: string | null = null;
  private signedIn: SignedIn | null = null;
  private login: LoginView | null = null;
  private booting = false;
  /** Where to go after signing in, when the agent arrived at a deep link. */
  private returnTo: string | null = null;
  private notice: string | null = null;
  private queueFilter: QueueFilter = DEFAULT_QUEUE_FILTER;
  /** The page last shown, so the webhook notice is checked once per page opened, not per ticket selected. */
  private lastPage: Route['name'] | null = null;

  constructor(
    private readonly root: HTMLElement,
    storage: SessionStorage,
  ) {
    this.sessions = new SessionStore(storage);
    this.api = new ConsoleApi({ getToken: () => this.token, onUnauthorized: () => this.sessionEnded() });
    this.cannedReplies = new CannedRepliesCache(() => this.api.listCannedReplies());
  }

  start(): void {
    window.addEventListener('hashchange', () => this.route());
    const session = this.sessions.load();
    if (session) void this.resume(session);
    else this.route();
  }

  private async resume(session: StoredSession): Promise<void> {
    this.token = session.token;
    this.booting = true;
    this.root.replaceChildren(h('p', { className: 'boot-message', attrs: { role: 'status' } }, 'Loading…'));
    try {
      const identity = await this.api.me();
      this.booting = false;
      this.enter(session, identity);
    } catch (error) {
      this.booting = false;
      // A 401 already sent the agent to sign in; anything else is the server being unreachable.
      if (error instanceof ApiError && error.status === 401) return;
      this.root.replaceChildren(
        h(
          'div',
          { className: 'boot-message', attrs: { role: 'alert' } },
          h('p', {}, `Can't reach Switchboard${error instanceof ApiError ? `: ${error.message}` : '.'}`),
          h(
            'button',
            { className: 'button', attrs: { type: 'button' }, on: { click: () => void this.resume(session) } },
            'Retry',
          ),
        ),
      );
    }
  }

  private onLoggedIn(login: LoginSession): void {
    const session = { token: login.token, expiresAt: login.expiresAt };
    this.sessions.save(session);
    this.token = session.token;
    this.notice = null;
    const target = this.returnTo ?? HOME;
    this.returnTo = null;
    this.enter(session, { agent: login.agent, workspace: login.workspace }, target);
  }

  /** Shows the signed-in console, at `target` or else wherever the hash points. */
  private enter(session: StoredSession, identity: ConsoleIdentity, target?: string): void {
    this.login?.destroy();
    this.login = null;
    const shell = new AppShell({
      identity,
      onAvailabilityChange: (availability) => void this.changeAvailability(availability),
      onSignOut: () => this.signOut(),
      onReenableWebhook: (webhookId) => void this.reenableWebhook(webhookId),
    });
    const events = new ConsoleEventStream(() => this.api.eventsUrl(), {
      ticket: (event) => this.ticketsPage()?.applyTicket(event.ticket),
      message: (event) => this.ticketsPage()?.applyMessage(event),
      conversation: (event) => this.ticketsPage()?.applyConversation(event),
      status: (status) => shell.setStreamStatus(status),
      reconnected: () => this.ticketsPage()?.refresh(),
      // The stream cannot report a 401 itself; /me does, and a 401 there signs the agent out.
      dropped: () => void this.api.me().catch(() => undefined),
    });
    this.signedIn = { session, identity, shell, events, page: null };
    this.lastPage = null;
    this.root.replaceChildren(shell.element);
    events.start();
    if (target) this.go(target, true);
    else this.route();
  }

  private route(): void {
    if (this.booting) return;
    const route = parseRoute(location.hash);
    if (!this.signedIn) {
      if (route.name !== 'login') {
        if (route.name !== 'not-found' && location.hash) this.returnTo = location.hash;
        this.go('#/login', true);
        return;
      }
      this.showLogin();
      return;
    }
    const admin = this.signedIn.identity.agent.role === 'admin';
    if (admin && route.name !== 'webhooks' && route.name !== this.lastPage) void this.checkWebhooks();
    this.lastPage = route.name;
    switch (route.name) {
      case 'login':
      case 'not-found':
        this.go(HOME, true);
        return;
      case 'reports':
      case 'canned-replies':
      case 'actions':
      case 'fine-tuning':
      case 'audit-log':
      case 'webhooks':
      case 'privacy':
        if (!admin) {
          this.go(HOME, true);
          return;
        }
        this.showAdminPage(route);
        return;
      case 'tickets':
        this.showTickets(route.ticketId);
        return;
      case 'search':
        this.showSearch(route.conversationId);
        return;
    }
  }

  private showLogin(): void {
    if (this.login) return;
    this.login = new LoginView({ api: this.api, notice: this.notice, onSignedIn: (login) => this.onLoggedIn(login) });
    this.root.replaceChildren(this.login.element);
    document.title = 'Sign in · Switchboard';
    this.login.focus();
  }

  private showTickets(ticketId: string | null): void {
    if (!this.signedIn) return;
    const { shell } = this.signedIn;
    let page = this.signedIn.page;
    if (!(page instanceof TicketsPage)) {
      page?.destroy();
      page = new TicketsPage({
        api: this.api,
        me: () => this.me(),
        cannedReplies: this.cannedReplies,
        drafts: this.drafts,
        filter: this.queueFilter,
        onFilterChange: (filter) => (this.queueFilter = filter),
        onTitle: (title) => (document.title = `${title} · Switchboard`),
      });
      this.signedIn.page = page;
      shell.setPage(page.element);
    }
    shell.setActive('tickets');
    page.select(ticketId);
  }

  /** The search page stays while the agent moves between its results, so the query and filters stay too. */
  private showSearch(conversationId: string | null): void {
    if (!this.signedIn) return;
    const { shell } = this.signedIn;
    let page = this.signedIn.page;
    if (!(page instanceof SearchView)) {
      page?.destroy();
      page = new SearchView(this.api);
      this.signedIn.page = page;
      shell.setPage(page.element);
      page.focus();
    }
    shell.setActive('search');
    document.title = 'Search · Switchboard';
    page.select(conversationId);
  }

  private showAdminPage(route: AdminRoute): void {
    if (!this.signedIn) return;
    const { shell } = this.signedIn;
    this.signedIn.page?.destroy();
    const page = this.adminPage(route);
    this.signedIn.page = page;
    shell.setPage(page.element);
    shell.setActive(route.name);
    document.title = `${ADMIN_PAGE_TITLES[route.name]} · Switchboard`;
  }

  private adminPage(route: AdminRoute): Page {
    switch (route.name) {
      case 'reports':
        return new ReportsView(this.api);
      case 'canned-replies':
        return new CannedRepliesView(this.api, this.cannedReplies);
      case 'actions':
        return new ActionsView(this.api);
      case 'fine-tuning':
        return new FineTuningView(this.api);
      case 'audit-log':
        return new AuditLogView(this.api);
      case 'webhooks':
        return new WebhooksView({ api: this.api, onChange: (webhooks) => this.showWebhookNotices(webhooks) });
      case 'privacy':
        return new PrivacyView(this.api, contactOfHash(location.hash));
    }
  }

  /** Admins are told on every page about endpoints Switchboard disabled; the Webhooks page reports its own list. */
  private async checkWebhooks(): Promise<void> {
    const signedIn = this.signedIn;
    try {
      const { webhooks } = await this.api.listWebhooks();
      if (this.signedIn === signedIn) this.showWebhookNotices(webhooks);
    } catch {
      // The notice waits for the next page: a failed check must not get in the way of the page itself.
    }
  }

  private showWebhookNotices(webhooks: readonly WebhookView[]): void {
    this.signedIn?.shell.showDisabledWebhooks(disabledEndpoints(webhooks));
  }

  private async reenableWebhook(webhookId: string): Promise<void> {
    const signedIn = this.signedIn;
    if (!signedIn) return;
    try {
      await this.api.updateWebhook(webhookId, { enabled: true });
    } catch (error) {
      signedIn.shell.showError(`Couldn't enable the webhook${error instanceof ApiError ? `: ${error.message}` : '.'}`);
    }
    // The Webhooks page reloads to show the endpoint enabled; anywhere else the notice is checked again.
    if (signedIn.page instanceof WebhooksView) this.route();
    else await this.checkWebhooks();
  }

  private ticketsPage(): TicketsPage | null {
    const page = this.signedIn?.page;
    return page instanceof TicketsPage ? page : null;
  }

  private me(): AgentView {
    if (!this.signedIn) throw new Error('Not signed in');
    return this.signedIn.identity.agent;
  }

  private async changeAvailability(availability: Availability): Promise<void> {
    const signedIn = this.signedIn;
    if (!signedIn) return;
    const previous = signedIn.identity.agent.availability;
    try {
      const identity = await this.api.setAvailability(availability);
      signedIn.identity = identity;
      signedIn.shell.setIdentity(identity);
    } catch (error) {
      if (this.signedIn !== signedIn) return;
      signedIn.shell.showAvailability(previous);
      signedIn.shell.showError(`Couldn't change availability${error instanceof ApiError ? `: ${error.message}` : '.'}`);
    }
  }

  private signOut(): void {
    // The request reads the token before its first await, so clearing the session right after is safe.
    void this.api.logout().catch(() => undefined);
    this.leave(null);
  }

  private sessionEnded(): void {
    if (!this.signedIn && !this.booting) return;
    if (location.hash && parseRoute(location.hash).name !== 'login') this.returnTo = location.hash;
    this.booting = false;
    this.leave('Your session has ended. Sign in again.');
  }

  private leave(notice: string | null): void {
    this.sessions.clear();
    this.token = null;
    this.notice = notice;
    this.cannedReplies.invalidate();
    this.drafts.clear();
    if (this.signedIn) {
      this.signedIn.events.stop();
      this.signedIn.page?.destroy();
      this.signedIn.shell.destroy();
      this.signedIn = null;
    }
    this.go('#/login', true);
  }

  /** Navigates to a hash, routing directly when it is already current (no hashchange would fire). */
  private go(hash: string, replace = false): void {
    if (location.hash === hash) {
      this.route();
      return;
    }
    if (replace) location.replace(hash);
    else location.hash = hash;
  }
}
