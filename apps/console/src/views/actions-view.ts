import {
  ACTION_METHODS,
  ACTION_VISIBILITIES,
  CHANNEL_TYPES,
  type ActionMethod,
  type ActionView,
  type ActionVisibility,
} from '@switchboard/contracts';
import {
  actionHost,
  actionRequestOf,
  channelLabel,
  channelsLabel,
  fieldErrorsOf,
  formValuesOf,
  visibilityLabel,
  type ActionFormField,
  type ActionFormValues,
  type FieldErrors,
} from '../action-form';
import { ApiError, type ConsoleApi } from '../console-api';
import { h, setChildren, type Child } from '../dom';
import { SecretsEditor } from './secrets-editor';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** Admin page: the workspace's actions, and a form to add or change one (secrets are write-only). */
export class ActionsView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly formTitle: HTMLElement;
  private readonly submit: HTMLButtonElement;
  private readonly cancelEdit: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly formError: HTMLElement;
  private readonly controls = new Map<ActionFormField, Control>();
  private readonly errorSlots = new Map<ActionFormField, HTMLElement>();
  private readonly channelBoxes = new Map<string, HTMLInputElement>();
  private readonly secrets = new SecretsEditor();
  private editing: ActionView | null = null;
  private destroyed = false;

  constructor(private readonly api: ConsoleApi) {
    this.formTitle = h('h2', { className: 'section-title', attrs: { id: 'action-form-title' } }, 'Add an action');
    this.submit = h('button', { className: 'button button--primary', attrs: { type: 'submit' } }, 'Add action');
    this.cancelEdit = h(
      'button',
      { className: 'button', attrs: { type: 'button', hidden: true }, on: { click: () => this.edit(null) } },
      'Cancel editing',
    );
    this.formError = h('p', { className: 'inline-error', attrs: { role: 'alert', hidden: true } });
    this.status = h('p', { className: 'form-notice', attrs: { role: 'status' } });
    this.form = this.buildForm();
    this.list = h('div', { className: 'action-list', attrs: { 'aria-live': 'polite' } });
    this.element = h(
      'section',
      { className: 'page', attrs: { 'aria-labelledby': 'actions-title' } },
      h(
        'div',
        { className: 'page-header' },
        h('h1', { className: 'page-title', attrs: { id: 'actions-title' } }, 'Actions'),
      ),
      h(
        'p',
        { className: 'muted' },
        "HTTP calls the bot may make on your own API, on the workspace's action hosts. Secret values are never shown again once saved.",
      ),
      this.status,
      this.list,
      this.form,
    );
    this.fill(formValuesOf(null));
    void this.load();
  }

  destroy(): void {
    this.destroyed = true;
    this.element.remove();
  }

  private async load(): Promise<void> {
    try {
      const actions = await this.api.listActions();
      if (!this.destroyed) this.renderList(actions);
    } catch (error) {
      if (this.destroyed) return;
      setChildren(
        this.list,
        h('p', { className: 'inline-error', attrs: { role: 'alert' } }, `Couldn't load actions${detail(error)}`),
      );
    }
  }

  private renderList(actions: ActionView[]): void {
    if (actions.length === 0) {
      setChildren(this.list, h('p', { className: 'muted' }, 'No actions yet.'));
      return;
    }
    const sorted = [...actions].sort((a, b) => a.name.localeCompare(b.name));
    const headings = ['Name', 'Method', 'Host', 'Side effect', 'Identity', 'Enabled', 'Visibility', 'Channels'];
    setChildren(
      this.list,
      h(
        'table',
        { className: 'table action-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...headings.map((heading) => h('th', { attrs: { scope: 'col' } }, heading)),
            h('th', { attrs: { scope: 'col' } }, h('span', { className: 'visually-hidden' }, 'Manage')),
          ),
        ),
        h('tbody', {}, ...sorted.map((action) => this.renderRow(action))),
      ),
    );
  }

  private renderRow(action: ActionView): HTMLElement {
    const manage = h('td', { className: 'table-actions' });
    const showButtons = (): void =>
      setChildren(
        manage,
        h(
          'div',
          { className: 'row-buttons' },
          h(
            'button',
            {
              className: 'button button--small',
              attrs: { type: 'button', 'aria-label': `Edit ${action.name}` },
              on: { click: () => this.edit(action) },
            },
            'Edit',
          ),
          h(
            'button',
            {
              className: 'button button--danger button--small',
              attrs: { type: 'button', 'aria-label': `Delete ${action.name}` },
              on: { click: () => askToConfirm() },
            },
            'Delete',
          ),
        ),
      );
    const askToConfirm = (): void => {
      const confirm = h(
        'button',
        {
          className: 'button button--danger button--small',
          attrs: { type: 'button' },
          on: { click: (event) => void this.remove(action, event.currentTarget as HTMLButtonElement) },
        },
        'Delete',
      );
      setChildren(
        manage,
        h(
          'div',
          { className: 'row-buttons', attrs: { role: 'group', 'aria-label': `Confirm deleting ${action.name}` } },
          h('span', {}, `Delete ${action.name}?`),
          confirm,
          h(
            'button',
            { className: 'button button--small', attrs: { type: 'button' }, on: { click: () => showButtons() } },
            'Keep',
          ),
        ),
      );
      confirm.focus();
    };
    showButtons();
    return h(
      'tr',
      { attrs: { 'data-action-id': action.id } },
      h('td', { className: 'mono' }, action.name),
      h('td', { className: 'mono' }, action.method),
      h('td', {}, actionHost(action.url)),
      h('td', {}, action.sideEffect ? 'Yes, confirmed first' : 'No'),
      h('td', {}, action.identity.length > 0 ? action.identity.join(', ') : 'None'),
      h('td', {}, action.enabled ? 'Enabled' : 'Disabled'),
      h('td', {}, visibilityLabel(action.visibility)),
      h('td', {}, channelsLabel(action.channels)),
      manage,
    );
  }

  private buildForm(): HTMLFormElement {
    const form = h(
      'form',
      { className: 'card action-form', attrs: { 'aria-labelledby': 'action-form-title', novalidate: true } },
      this.formTitle,
      this.field(
        'name',
        'Name',
        this.input('name', { placeholder: 'order_status', spellcheck: 'false' }),
        'Lower-case letters, digits and _.',
      ),
      this.field(
        'description',
        'Description',
        this.textarea('description', 3),
        'What the action does and when to use it: the bot reads it.',
      ),
      this.field(
        'method',
        'Method',
        this.select(
          'method',
          ACTION_METHODS.map((method) => [method, method]),
        ),
      ),
      this.field(
        'url',
        'URL template',
        this.input('url', { placeholder: 'https://api.example.com/orders/{order_number}', spellcheck: 'false' }),
        '{name} in the path fills in a parameter.',
      ),
      this.field(
        'parameters',
        'Parameters (JSON Schema)',
        this.textarea('parameters', 8, 'mono'),
        'An object of string parameters: pattern, enum, format (date or email), description, required.',
      ),
      this.field(
        'identity',
        'Identity parameters',
        this.input('identity', { spellcheck: 'false' }),
        'Filled from the verified customer only, never from what they type. Separate names with commas.',
      ),
      this.checkboxField('sideEffect', 'Side effect: the bot asks the customer to confirm before calling'),
      this.field('examples', 'Examples', this.textarea('examples', 3), 'One customer message per line.'),
      this.field(
        'headers',
        'Headers',
        this.textarea('headers', 3, 'mono'),
        'One "Name: value" per line; {{secrets.NAME}} fills in a secret.',
      ),
      this.secretsField(),
      this.channelsField(),
      this.field(
        'visibility',
        'Visibility',
        this.select(
          'visibility',
          ACTION_VISIBILITIES.map((visibility) => [visibility, visibilityLabel(visibility)]),
        ),
      ),
      this.field('timeoutMs', 'Timeout (ms)', this.input('timeoutMs', { inputmode: 'numeric' })),
      this.field('maxResponseBytes', 'Response cap (bytes)', this.input('maxResponseBytes', { inputmode: 'numeric' })),
      this.field(
        'answerTemplate',
        'Answer template',
        this.textarea('answerTemplate', 2),
        'Plain text with {{path.to.field}} from the JSON response; leave empty to let the model answer.',
      ),
      this.checkboxField('enabled', 'Enabled'),
      this.formError,
      h('div', { className: 'row-buttons' }, this.submit, this.cancelEdit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    return form;
  }

  private input(field: ActionFormField, attrs: Record<string, string> = {}): HTMLInputElement {
    const input = h('input', { attrs: { id: `action-${field}`, type: 'text', autocomplete: 'off', ...attrs } });
    this.controls.set(field, input);
    return input;
  }

  private textarea(field: ActionFormField, rows: number, className = ''): HTMLTextAreaElement {
    const textarea = h('textarea', { className, attrs: { id: `action-${field}`, rows, spellcheck: 'false' } });
    this.controls.set(field, textarea);
    return textarea;
  }

  private select(field: ActionFormField, options: Array<[string, string]>): HTMLSelectElement {
    const select = h(
      'select',
      { attrs: { id: `action-${field}` } },
      ...options.map(([value, label]) => h('option', { attrs: { value } }, label)),
    );
    this.controls.set(field, select);
    return select;
  }

  private errorSlot(field: ActionFormField): HTMLElement {
    const slot = h('p', { className: 'field-error', attrs: { id: `action-${field}-error`, hidden: true } });
    this.errorSlots.set(field, slot);
    return slot;
  }

  private field(field: ActionFormField, label: string, control: Control, hint?: string): HTMLElement {
    const described = [hint ? `action-${field}-hint` : null, `action-${field}-error`].filter(Boolean).join(' ');
    control.setAttribute('aria-describedby', described);
    return h(
      'div',
      { className: 'field', attrs: { 'data-field': field } },
      h('label', { attrs: { for: `action-${field}` } }, label),
      control,
      hint ? h('p', { className: 'field-hint', attrs: { id: `action-${field}-hint` } }, hint) : null,
      this.errorSlot(field),
    );
  }

  private checkboxField(field: 'sideEffect' | 'enabled', label: string): HTMLElement {
    const box = h('input', {
      attrs: { id: `action-${field}`, type: 'checkbox', 'aria-describedby': `action-${field}-error` },
    });
    this.controls.set(field, box);
    return h(
      'div',
      { className: 'field field--checkbox', attrs: { 'data-field': field } },
      h('label', { className: 'checkbox' }, box, ' ', label),
      this.errorSlot(field),
    );
  }

  private channelsField(): HTMLElement {
    return h(
      'fieldset',
      { className: 'field', attrs: { 'data-field': 'channels', 'aria-describedby': 'action-channels-error' } },
      h('legend', {}, 'Channels'),
      h(
        'div',
        { className: 'checkbox-row' },
        ...CHANNEL_TYPES.map((channel) => {
          const box = h('input', { attrs: { type: 'checkbox', value: channel, id: `action-channel-${channel}` } });
          this.channelBoxes.set(channel, box);
          return h('label', { className: 'checkbox' }, box, ' ', channelLabel(channel));
        }),
      ),
      h('p', { className: 'field-hint' }, 'All ticked: every channel, including ones added later.'),
      this.errorSlot('channels'),
    );
  }

  private secretsField(): HTMLElement {
    return h(
      'fieldset',
      { className: 'field', attrs: { 'data-field': 'secrets', 'aria-describedby': 'action-secrets-error' } },
      h('legend', {}, 'Secrets'),
      h(
        'p',
        { className: 'field-hint' },
        'Write-only: a saved value is never shown. Leave a value empty to keep it; type a new one to replace it.',
      ),
      this.secrets.element,
      h(
        'button',
        {
          className: 'button button--small',
          attrs: { type: 'button' },
          on: { click: () => this.secrets.addNew() },
        },
        'Add a secret',
      ),
      this.errorSlot('secrets'),
    );
  }

  /** Starts editing an action, or (null) returns to adding a new one. */
  private edit(action: ActionView | null): void {
    this.editing = action;
    this.formTitle.textContent = action ? `Edit ${action.name}` : 'Add an action';
    this.submit.textContent = action ? 'Save changes' : 'Add action';
    this.cancelEdit.hidden = action === null;
    this.fill(formValuesOf(action));
    this.showErrors({});
    if (action) {
      this.form.scrollIntoView({ block: 'start' });
      this.controls.get('name')?.focus();
    }
  }

  private fill(values: ActionFormValues): void {
    for (const [field, control] of this.controls) {
      const value = values[field];
      if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true;
      else if (typeof value === 'string') control.value = value;
    }
    for (const [channel, box] of this.channelBoxes) box.checked = values.channels.some((ticked) => ticked === channel);
    this.secrets.set(values.secrets);
  }

  private read(): ActionFormValues {
    const text = (field: ActionFormField): string => this.controls.get(field)?.value ?? '';
    const checked = (field: ActionFormField): boolean => (this.controls.get(field) as HTMLInputElement).checked;
    return {
      name: text('name'),
      description: text('description'),
      method: ACTION_METHODS.find((method) => method === text('method')) ?? ('GET' satisfies ActionMethod),
      url: text('url'),
      parameters: text('parameters'),
      identity: text('identity'),
      sideEffect: checked('sideEffect'),
      examples: text('examples'),
      headers: text('headers'),
      secrets: this.secrets.values(),
      channels: CHANNEL_TYPES.filter((channel) => this.channelBoxes.get(channel)?.checked),
      visibility:
        ACTION_VISIBILITIES.find((visibility) => visibility === text('visibility')) ??
        ('public' satisfies ActionVisibility),
      timeoutMs: text('timeoutMs'),
      maxResponseBytes: text('maxResponseBytes'),
      answerTemplate: text('answerTemplate'),
      enabled: checked('enabled'),
    };
  }

  private async save(): Promise<void> {
    this.status.textContent = '';
    const mapped = actionRequestOf(this.read());
    if (!mapped.ok) {
      this.showErrors(mapped.errors);
      return;
    }
    this.showErrors({});
    this.submit.disabled = true;
    const editing = this.editing;
    try {
      const saved = editing
        ? await this.api.updateAction(editing.id, mapped.request)
        : await this.api.createAction(mapped.request);
      if (this.destroyed) return;
      this.edit(null);
      this.status.textContent = editing ? `Saved ${saved.name}.` : `Added ${saved.name}.`;
      await this.load();
    } catch (error) {
      if (this.destroyed) return;
      this.showErrors(errorsOf(error));
    } finally {
      this.submit.disabled = false;
    }
  }

  private async remove(action: ActionView, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const actions = await this.api.deleteAction(action.id);
      if (this.destroyed) return;
      if (this.editing?.id === action.id) this.edit(null);
      this.status.textContent = `Deleted ${action.name}.`;
      this.renderList(actions);
    } catch (error) {
      if (this.destroyed) return;
      button.disabled = false;
      this.status.textContent = `Couldn't delete ${action.name}${detail(error)}`;
      // A gone action (404) is gone either way: show the list as it is.
      if (error instanceof ApiError && error.status === 404) await this.load();
    }
  }

  /** Each message next to its field (the first field at fault takes focus), the rest above the buttons. */
  private showErrors(errors: FieldErrors): void {
    let first: HTMLElement | null = null;
    for (const [field, slot] of this.errorSlots) {
      const messages = errors[field] ?? [];
      setChildren(slot, ...messages.flatMap((message, index): Child[] => (index > 0 ? [h('br'), message] : [message])));
      slot.hidden = messages.length === 0;
      const control = this.controls.get(field);
      if (control) control.setAttribute('aria-invalid', String(messages.length > 0));
      if (messages.length > 0 && !first) first = control ?? slot.closest('fieldset')?.querySelector('input') ?? null;
    }
    const general = errors.form ?? [];
    this.formError.textContent = general.join(' ');
    this.formError.hidden = general.length === 0;
    first?.focus();
  }
}

function errorsOf(error: unknown): FieldErrors {
  if (error instanceof ApiError && error.status === 400) return fieldErrorsOf(error.body, error.message);
  if (error instanceof ApiError && error.status === 409) return { name: [error.message] };
  return { form: [`Couldn't save the action${detail(error)}`] };
}

function detail(error: unknown): string {
  return error instanceof ApiError ? `: ${error.message}` : '.';
}
