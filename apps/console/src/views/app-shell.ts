import type { Availability, ConsoleIdentity, WebhookView } from '@switchboard/contracts';
import type { StreamStatus } from '../console-events';
import { h, setChildren } from '../dom';
import { availabilityLabel, roleLabel } from '../format';
import { disabledNotice } from '../webhooks';

export type NavSection =
  | 'tickets'
  | 'reports'
  | 'canned-replies'
  | 'actions'
  | 'fine-tuning'
  | 'audit-log'
  | 'webhooks'
  | 'search'
  | 'privacy';

export interface AppShellOptions {
  identity: ConsoleIdentity;
  onAvailabilityChange(availability: Availability): void;
  onSignOut(): void;
  /** An admin pressed "Enable again" on the notice of a webhook endpoint Switchboard disabled. */
  onReenableWebhook?(webhookId: string): void;
}

const AVAILABILITIES: Availability[] = ['online', 'busy', 'offline'];

/** The frame around every signed-in page: navigation, who is signed in, availability, live status. */
export class AppShell {
  readonly element: HTMLElement;
  readonly main: HTMLElement;
  private readonly navLinks = new Map<NavSection, HTMLAnchorElement>();
  private readonly agentName: HTMLElement;
  private readonly agentRole: HTMLElement;
  private readonly workspaceName: HTMLElement;
  private readonly availability: HTMLSelectElement;
  private readonly streamStatus: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly webhookNotices: HTMLElement;
  private readonly webhooksBadge: HTMLElement;
  private bannerTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: AppShellOptions) {
    const { agent, workspace } = options.identity;
    const isAdmin = agent.role === 'admin';
    const nav = h('nav', { className: 'topbar-nav', attrs: { 'aria-label': 'Console' } });
    this.addNavLink(nav, 'tickets', '#/tickets', 'Queue');
    this.addNavLink(nav, 'search', '#/search', 'Search');
    if (isAdmin) {
      this.addNavLink(nav, 'reports', '#/reports', 'Reports');
      this.addNavLink(nav, 'canned-replies', '#/canned-replies', 'Canned replies');
      this.addNavLink(nav, 'actions', '#/actions', 'Actions');
      this.addNavLink(nav, 'fine-tuning', '#/fine-tuning', 'Fine-tuning');
      this.addNavLink(nav, 'audit-log', '#/audit-log', 'Audit log');
      this.addNavLink(nav, 'webhooks', '#/webhooks', 'Webhooks');
      this.addNavLink(nav, 'privacy', '#/privacy', 'Privacy');
    }
    this.webhooksBadge = h('span', { className: 'nav-badge', attrs: { hidden: true } });
    this.navLinks.get('webhooks')?.appendChild(this.webhooksBadge);
    this.webhookNotices = h('div', {
      className: 'webhook-notices',
      attrs: { role: 'region', 'aria-label': 'Webhook notices', hidden: true },
    });

    this.workspaceName = h('span', { className: 'topbar-workspace' }, workspace.name);
    this.agentName = h('span', { className: 'agent-name' }, agent.name);
    this.agentRole = h('span', { className: 'agent-role' }, roleLabel(agent.role));
    this.availability = h(
      'select',
      {
        className: `availability availability--${agent.availability}`,
        attrs: { 'aria-label': 'Availability' },
        on: { change: () => this.changeAvailability() },
      },
      ...AVAILABILITIES.map((value) =>
        h('option', { attrs: { value, selected: value === agent.availability } }, availabilityLabel(value)),
      ),
    );
    this.streamStatus = h('span', {
      className: 'stream-status',
      attrs: { role: 'status', 'data-state': 'connecting' },
    });
    this.setStreamStatus('connecting');
    const signOut = h(
      'button',
      { className: 'button button--ghost', attrs: { type: 'button' }, on: { click: () => options.onSignOut() } },
      'Sign out',
    );

    this.banner = h('div', { className: 'banner', attrs: { role: 'alert', hidden: true } });
    this.main = h('main', { className: 'app-main', attrs: { id: 'main', tabindex: -1 } });
    this.element = h(
      'div',
      { className: 'app' },
      h(
        'a',
        { className: 'skip-link', attrs: { href: '#main' }, on: { click: (event) => this.skipToMain(event) } },
        'Skip to content',
      ),
      h(
        'header',
        { className: 'topbar' },
        h('div', { className: 'topbar-brand' }, h('span', { className: 'brand' }, 'Switchboard'), this.workspaceName),
        nav,
        h(
          'div',
          { className: 'topbar-tools' },
          this.streamStatus,
          h('span', { className: 'agent-identity' }, this.agentName, ' ', this.agentRole),
          this.availability,
          signOut,
        ),
      ),
      this.banner,
      this.webhookNotices,
      this.main,
    );
  }

  setActive(section: NavSection | null): void {
    for (const [name, link] of this.navLinks) {
      if (name === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  setIdentity(identity: ConsoleIdentity): void {
    this.agentName.textContent = identity.agent.name;
    this.agentRole.textContent = roleLabel(identity.agent.role);
    this.workspaceName.textContent = identity.workspace.name;
    this.showAvailability(identity.agent.availability);
  }

  showAvailability(availability: Availability): void {
    this.availability.value = availability;
    this.availability.className = `availability availability--${availability}`;
  }

  setStreamStatus(status: StreamStatus): void {
    this.streamStatus.dataset.state = status;
    this.streamStatus.textContent =
      status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  }

  /** A transient error that belongs to no particular page, e.g. a failed availability change. */
  showError(message: string): void {
    this.banner.textContent = message;
    this.banner.hidden = false;
    if (this.bannerTimer !== null) clearTimeout(this.bannerTimer);
    this.bannerTimer = setTimeout(() => {
      this.banner.hidden = true;
      this.bannerTimer = null;
    }, 8000);
  }

  /** Warns about every endpoint Switchboard disabled, until it is enabled again: on every page, and on the nav link. */
  showDisabledWebhooks(disabled: readonly WebhookView[]): void {
    this.webhooksBadge.hidden = disabled.length === 0;
    this.webhooksBadge.textContent = String(disabled.length);
    this.webhooksBadge.setAttribute('aria-label', `${disabled.length} disabled`);
    this.webhookNotices.hidden = disabled.length === 0;
    setChildren(this.webhookNotices, ...disabled.map((webhook) => this.webhookNotice(webhook)));
  }

  setPage(page: HTMLElement): void {
    this.main.replaceChildren(page);
  }

  destroy(): void {
    if (this.bannerTimer !== null) clearTimeout(this.bannerTimer);
    this.element.remove();
  }

  private webhookNotice(webhook: WebhookView): HTMLElement {
    return h(
      'div',
      { className: 'banner banner--warning', attrs: { role: 'alert', 'data-webhook-id': webhook.id } },
      h('span', {}, disabledNotice(webhook)),
      ' ',
      h(
        'button',
        {
          className: 'button button--small',
          attrs: { type: 'button' },
          on: { click: () => this.options.onReenableWebhook?.(webhook.id) },
        },
        'Enable again',
      ),
      ' ',
      h('a', { attrs: { href: '#/webhooks' } }, 'Open Webhooks'),
    );
  }

  private addNavLink(nav: HTMLElement, section: NavSection, href: string, label: string): void {
    const link = h('a', { className: 'topbar-link', attrs: { href } }, label);
    this.navLinks.set(section, link);
    nav.appendChild(link);
  }

  private changeAvailability(): void {
    const value = this.availability.value;
    const availability = AVAILABILITIES.find((candidate) => candidate === value);
    if (!availability) return;
    this.availability.className = `availability availability--${availability}`;
    this.options.onAvailabilityChange(availability);
  }

  private skipToMain(event: MouseEvent): void {
    // The hash router owns location.hash, so the skip link moves focus instead of navigating.
    event.preventDefault();
    this.main.focus();
  }
}
