import { ApiError, type ConsoleApi } from '../console-api';
import type { WorkspaceRef, LoginSession } from '@switchboard/contracts';
import { h, setChildren } from '../dom';

export interface LoginViewOptions {
  api: ConsoleApi;
  /** Why the agent is here, e.g. an expired session. */
  notice: string | null;
  onSignedIn(login: LoginSession): void;
}

/** E-mail and password sign-in, with a workspace choice when the e-mail belongs to several. */
export class LoginView {
  readonly element: HTMLElement;
  private readonly email: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly workspaceField: HTMLElement;
  private readonly workspace: HTMLSelectElement;
  private readonly submit: HTMLButtonElement;
  private readonly error: HTMLElement;
  private readonly status: HTMLElement;
  private busy = false;

  constructor(private readonly options: LoginViewOptions) {
    this.email = h('input', {
      attrs: { id: 'login-email', type: 'email', name: 'email', autocomplete: 'username', required: true },
      on: { input: () => this.hideWorkspaces() },
    });
    this.password = h('input', {
      attrs: {
        id: 'login-password',
        type: 'password',
        name: 'password',
        autocomplete: 'current-password',
        required: true,
      },
    });
    this.workspace = h('select', { attrs: { id: 'login-workspace', name: 'workspace' } });
    this.workspaceField = h(
      'div',
      { className: 'field', attrs: { hidden: true } },
      h('label', { attrs: { for: 'login-workspace' } }, 'Workspace'),
      this.workspace,
    );
    this.submit = h(
      'button',
      { className: 'button button--primary button--block', attrs: { type: 'submit' } },
      'Sign in',
    );
    this.error = h('p', { className: 'form-error', attrs: { role: 'alert', hidden: true } });
    this.status = h('p', { className: 'form-notice', attrs: { role: 'status' } }, options.notice ?? '');

    const form = h(
      'form',
      { className: 'login-card', attrs: { novalidate: true, 'aria-labelledby': 'login-title' } },
      h('h1', { className: 'login-title', attrs: { id: 'login-title' } }, 'Switchboard'),
      h('p', { className: 'login-subtitle' }, 'Sign in to the agent console'),
      this.status,
      h('div', { className: 'field' }, h('label', { attrs: { for: 'login-email' } }, 'E-mail'), this.email),
      h('div', { className: 'field' }, h('label', { attrs: { for: 'login-password' } }, 'Password'), this.password),
      this.workspaceField,
      this.error,
      this.submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.signIn();
    });
    this.element = h('main', { className: 'login-page' }, form);
  }

  focus(): void {
    (this.email.value ? this.password : this.email).focus();
  }

  destroy(): void {
    this.element.remove();
  }

  private async signIn(): Promise<void> {
    if (this.busy) return;
    const email = this.email.value.trim();
    const password = this.password.value;
    if (!email || !password) {
      this.showError('Enter your e-mail and password.');
      (email ? this.password : this.email).focus();
      return;
    }
    const workspaceId = this.workspaceField.hidden ? undefined : this.workspace.value || undefined;
    this.setBusy(true);
    this.showError(null);
    try {
      const login = await this.options.api.login({ email, password, workspaceId });
      this.options.onSignedIn(login);
    } catch (error) {
      this.handleError(error);
    } finally {
      this.setBusy(false);
    }
  }

  private handleError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      this.showError('Something went wrong. Try again.');
      return;
    }
    const workspaces = error.body?.workspaces;
    if (error.status === 409 && error.code === 'workspace_required' && Array.isArray(workspaces) && workspaces.length) {
      this.showWorkspaces(workspaces);
      return;
    }
    if (error.status === 401) {
      this.showError('Wrong e-mail or password');
      this.password.select();
      this.password.focus();
      return;
    }
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      this.showError(
        wait === null ? 'Too many attempts, try again later' : `Too many attempts, try again in ${wait} s`,
      );
      return;
    }
    this.showError(error.isNetworkError ? error.message : `Could not sign in: ${error.message}`);
  }

  private showWorkspaces(workspaces: WorkspaceRef[]): void {
    const previous = this.workspace.value;
    setChildren(
      this.workspace,
      ...workspaces.map((workspace) =>
        h('option', { attrs: { value: workspace.id, selected: workspace.id === previous } }, workspace.name),
      ),
    );
    this.workspaceField.hidden = false;
    this.status.textContent = 'This e-mail belongs to several workspaces. Choose one and sign in.';
    this.workspace.focus();
  }

  private hideWorkspaces(): void {
    if (this.workspaceField.hidden) return;
    this.workspaceField.hidden = true;
    this.status.textContent = '';
  }

  private showError(message: string | null): void {
    this.error.textContent = message ?? '';
    this.error.hidden = message === null;
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.submit.disabled = busy;
    this.submit.setAttribute('aria-busy', String(busy));
  }
}
