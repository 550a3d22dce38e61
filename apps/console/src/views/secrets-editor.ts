import type { SecretInput } from '../action-form';
import { h, uniqueId } from '../dom';

interface SecretRow {
  element: HTMLElement;
  /** The stored secret's name; null for a row the admin is adding. */
  storedName: string | null;
  name: HTMLInputElement | null;
  value: HTMLInputElement;
  remove: HTMLInputElement | null;
}

/**
 * An action's secrets, write-only: a stored one shows its name and an empty value to replace it (or a box to remove
 * it); new ones take a name and a value. Values are never filled in, since the server never sends them.
 */
export class SecretsEditor {
  readonly element: HTMLElement;
  private rows: SecretRow[] = [];

  constructor() {
    this.element = h('div', { className: 'secret-list' });
  }

  set(secrets: readonly SecretInput[]): void {
    this.rows.forEach((row) => row.element.remove());
    this.rows = [];
    for (const secret of secrets) this.addRow(secret.existing ? secret.name : null);
  }

  /** A row for a new secret, focused. */
  addNew(): void {
    const row = this.addRow(null);
    row.name?.focus();
  }

  values(): SecretInput[] {
    return this.rows.map((row) => ({
      name: row.storedName ?? row.name?.value ?? '',
      value: row.value.value,
      existing: row.storedName !== null,
      remove: row.remove?.checked ?? false,
    }));
  }

  private addRow(storedName: string | null): SecretRow {
    const value = h('input', {
      attrs: {
        type: 'password',
        autocomplete: 'new-password',
        id: uniqueId('action-secret'),
        placeholder: storedName === null ? 'Value' : 'Unchanged',
      },
    });
    const row = storedName === null ? this.newRow(value) : storedRow(storedName, value);
    this.rows.push(row);
    this.element.appendChild(row.element);
    return row;
  }

  private newRow(value: HTMLInputElement): SecretRow {
    const name = h('input', {
      className: 'mono',
      attrs: {
        type: 'text',
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: 'API_TOKEN',
        'aria-label': 'Secret name',
      },
    });
    value.setAttribute('aria-label', 'Secret value');
    const element = h('div', { className: 'secret-row' }, name, value);
    const row: SecretRow = { element, storedName: null, name, value, remove: null };
    const discard = () => {
      element.remove();
      this.rows = this.rows.filter((other) => other !== row);
    };
    element.appendChild(
      h(
        'button',
        {
          className: 'button button--small',
          attrs: { type: 'button', 'aria-label': 'Discard this secret' },
          on: { click: discard },
        },
        'Discard',
      ),
    );
    return row;
  }
}

function storedRow(name: string, value: HTMLInputElement): SecretRow {
  const remove = h('input', { attrs: { type: 'checkbox', 'aria-label': `Remove ${name}` } });
  remove.addEventListener('change', () => (value.disabled = remove.checked));
  const element = h(
    'div',
    { className: 'secret-row', attrs: { 'data-secret': name } },
    h('label', { className: 'mono', attrs: { for: value.id } }, name),
    value,
    h('label', { className: 'checkbox' }, remove, ' Remove'),
  );
  return { element, storedName: name, name: null, value, remove };
}
