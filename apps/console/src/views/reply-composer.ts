import type { CannedReply, ConsoleMessage } from '@switchboard/contracts';
import type { CannedRepliesCache } from '../canned-replies-cache';
import { findSlashCommand, matchCannedReplies, replaceRange, type SlashCommand } from '../canned-reply-match';
import { ApiError } from '../console-api';
import { h, setChildren, uniqueId } from '../dom';
import { firstLine } from '../format';

export interface Draft {
  text: string;
  isPrivate: boolean;
}

export interface ReplyComposerOptions {
  cannedReplies: CannedRepliesCache;
  draft: Draft | undefined;
  onDraftChange(draft: Draft): void;
  send(content: string, isPrivate: boolean): Promise<ConsoleMessage>;
}

/** The reply box: public reply or internal note, "/shortcode" suggestions, a canned-reply picker, Ctrl/Cmd+Enter. */
export class ReplyComposer {
  readonly element: HTMLFormElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly noteToggle: HTMLInputElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly error: HTMLElement;
  private readonly suggestions: HTMLUListElement;
  private readonly pickerButton: HTMLButtonElement;
  private readonly picker: HTMLElement;
  private readonly pickerSearch: HTMLInputElement;
  private readonly pickerList: HTMLUListElement;
  private readonly ids = { textarea: uniqueId('reply'), note: uniqueId('note'), suggestions: uniqueId('suggest') };
  private replies: CannedReply[] = [];
  private slash: SlashCommand | null = null;
  private matches: CannedReply[] = [];
  private active = 0;
  private sending = false;

  constructor(private readonly options: ReplyComposerOptions) {
    this.textarea = h('textarea', {
      className: 'composer-input',
      attrs: {
        id: this.ids.textarea,
        rows: 3,
        placeholder: 'Write a reply… Type / for canned replies',
        'aria-autocomplete': 'list',
        'aria-controls': this.ids.suggestions,
        'aria-keyshortcuts': 'Control+Enter Meta+Enter',
      },
      on: {
        input: () => this.onInput(),
        keydown: (event) => this.onKeydown(event),
        click: () => this.updateSuggestions(),
        blur: () => this.closeSuggestions(),
      },
    });
    this.textarea.value = options.draft?.text ?? '';
    this.noteToggle = h('input', {
      attrs: { id: this.ids.note, type: 'checkbox', checked: options.draft?.isPrivate ?? false },
      on: { change: () => this.onNoteToggle() },
    });
    this.sendButton = h('button', { className: 'button button--primary', attrs: { type: 'submit' } }, 'Send');
    this.error = h('p', { className: 'inline-error', attrs: { role: 'alert', hidden: true } });
    this.suggestions = h('ul', {
      className: 'suggestions',
      attrs: { id: this.ids.suggestions, role: 'listbox', 'aria-label': 'Matching canned replies', hidden: true },
    });
    this.pickerButton = h(
      'button',
      {
        className: 'button button--secondary',
        attrs: { type: 'button', 'aria-expanded': 'false', 'aria-haspopup': 'true' },
        on: { click: () => this.togglePicker() },
      },
      'Canned replies',
    );
    this.pickerSearch = h('input', {
      className: 'picker-search',
      attrs: { type: 'search', 'aria-label': 'Search canned replies', placeholder: 'Search canned replies' },
      on: { input: () => this.renderPicker(), keydown: (event) => this.onPickerKeydown(event) },
    });
    this.pickerList = h('ul', { className: 'picker-list' });
    this.picker = h(
      'div',
      {
        className: 'canned-picker',
        attrs: { hidden: true, role: 'group', 'aria-label': 'Canned replies' },
        on: { keydown: (event) => this.onPickerKeydown(event) },
      },
      this.pickerSearch,
      this.pickerList,
    );

    this.element = h(
      'form',
      { className: 'composer' },
      h('label', { className: 'visually-hidden', attrs: { for: this.ids.textarea } }, 'Reply'),
      h('div', { className: 'composer-field' }, this.textarea, this.suggestions),
      this.error,
      h(
        'div',
        { className: 'composer-bar' },
        h(
          'span',
          { className: 'note-toggle' },
          this.noteToggle,
          h('label', { attrs: { for: this.ids.note } }, 'Internal note'),
        ),
        h('span', { className: 'picker-anchor' }, this.pickerButton, this.picker),
        h('span', { className: 'composer-hint', attrs: { 'aria-hidden': 'true' } }, `${modifierKey()}+Enter to send`),
        this.sendButton,
      ),
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.onNoteToggle();
  }

  focus(): void {
    this.textarea.focus();
  }

  /** The draft as typed, for the assists that work on it. */
  get text(): string {
    return this.textarea.value;
  }

  /** Puts an assist's text in the box for the agent to edit; only Send sends it. */
  replaceText(text: string): void {
    this.textarea.value = text;
    this.textarea.focus();
    this.textarea.setSelectionRange(text.length, text.length);
    this.closeSuggestions();
    this.saveDraft();
  }

  showError(message: string | null): void {
    this.error.textContent = message ?? '';
    this.error.hidden = message === null;
  }

  private async submit(): Promise<void> {
    const content = this.textarea.value.trim();
    if (this.sending) return;
    if (!content) {
      this.textarea.focus();
      return;
    }
    this.sending = true;
    this.sendButton.disabled = true;
    this.showError(null);
    this.closeSuggestions();
    try {
      await this.options.send(content, this.noteToggle.checked);
      this.textarea.value = '';
      this.saveDraft();
    } catch (error) {
      this.showError(sendErrorText(error));
    } finally {
      this.sending = false;
      this.sendButton.disabled = false;
      this.textarea.focus();
    }
  }

  private onInput(): void {
    this.saveDraft();
    this.updateSuggestions();
  }

  private onNoteToggle(): void {
    const note = this.noteToggle.checked;
    this.element.classList.toggle('composer--note', note);
    this.textarea.placeholder = note
      ? 'Write an internal note… only agents see it'
      : 'Write a reply… Type / for canned replies';
    this.saveDraft();
  }

  private saveDraft(): void {
    this.options.onDraftChange({ text: this.textarea.value, isPrivate: this.noteToggle.checked });
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.submit();
      return;
    }
    if (this.suggestions.hidden) return;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        this.setActive((this.active + 1) % this.matches.length);
        break;
      case 'ArrowUp':
        event.preventDefault();
        this.setActive((this.active - 1 + this.matches.length) % this.matches.length);
        break;
      case 'Enter':
      case 'Tab':
        event.preventDefault();
        this.acceptSuggestion(this.matches[this.active]);
        break;
      case 'Escape':
        event.preventDefault();
        this.closeSuggestions();
        break;
      default:
        break;
    }
  }

  private updateSuggestions(): void {
    const slash = findSlashCommand(this.textarea.value, this.textarea.selectionStart);
    this.slash = slash;
    if (!slash) {
      this.closeSuggestions();
      return;
    }
    void this.loadReplies().then(() => {
      if (this.slash !== slash) return;
      this.matches = matchCannedReplies(this.replies, slash.query);
      if (this.matches.length === 0) {
        this.closeSuggestions();
        return;
      }
      setChildren(
        this.suggestions,
        ...this.matches.map((reply, index) =>
          h(
            'li',
            {
              className: 'suggestion',
              attrs: { id: `${this.ids.suggestions}-${index}`, role: 'option', 'aria-selected': 'false' },
              // mousedown, not click: the textarea keeps focus and its caret.
              on: {
                mousedown: (event) => {
                  event.preventDefault();
                  this.acceptSuggestion(reply);
                },
              },
            },
            h('span', { className: 'suggestion-code' }, `/${reply.shortCode}`),
            ' ',
            h('span', { className: 'suggestion-text' }, firstLine(reply.content, 80)),
          ),
        ),
      );
      this.suggestions.hidden = false;
      this.setActive(0);
    });
  }

  private setActive(index: number): void {
    this.active = index;
    Array.from(this.suggestions.children).forEach((option, position) =>
      option.setAttribute('aria-selected', String(position === index)),
    );
    this.textarea.setAttribute('aria-activedescendant', `${this.ids.suggestions}-${index}`);
    this.suggestions.children.item(index)?.scrollIntoView({ block: 'nearest' });
  }

  private acceptSuggestion(reply: CannedReply | undefined): void {
    const slash = this.slash;
    if (!reply || !slash) return;
    this.applyEdit(slash.start, slash.end, reply.content);
    this.closeSuggestions();
  }

  private closeSuggestions(): void {
    this.slash = null;
    this.suggestions.hidden = true;
    this.suggestions.replaceChildren();
    this.textarea.removeAttribute('aria-activedescendant');
  }

  private applyEdit(start: number, end: number, insert: string): void {
    const edit = replaceRange(this.textarea.value, start, end, insert);
    this.textarea.value = edit.text;
    this.textarea.focus();
    this.textarea.setSelectionRange(edit.caret, edit.caret);
    this.saveDraft();
  }

  private togglePicker(): void {
    if (this.picker.hidden) void this.openPicker();
    else this.closePicker(true);
  }

  private async openPicker(): Promise<void> {
    this.picker.hidden = false;
    this.pickerButton.setAttribute('aria-expanded', 'true');
    this.pickerSearch.value = '';
    setChildren(this.pickerList, h('li', { className: 'picker-empty' }, 'Loading…'));
    this.pickerSearch.focus();
    document.addEventListener('mousedown', this.onOutsidePointer);
    await this.loadReplies();
    this.renderPicker();
  }

  private closePicker(returnFocus: boolean): void {
    if (this.picker.hidden) return;
    this.picker.hidden = true;
    this.pickerButton.setAttribute('aria-expanded', 'false');
    document.removeEventListener('mousedown', this.onOutsidePointer);
    if (returnFocus) this.pickerButton.focus();
  }

  private readonly onOutsidePointer = (event: MouseEvent): void => {
    const target = event.target;
    if (target instanceof Node && (this.picker.contains(target) || this.pickerButton.contains(target))) return;
    this.closePicker(false);
  };

  private renderPicker(): void {
    if (this.picker.hidden) return;
    const matches = matchCannedReplies(this.replies, this.pickerSearch.value, Number.MAX_SAFE_INTEGER);
    if (matches.length === 0) {
      setChildren(
        this.pickerList,
        h('li', { className: 'picker-empty' }, this.replies.length ? 'No match' : 'No canned replies yet'),
      );
      return;
    }
    setChildren(
      this.pickerList,
      ...matches.map((reply) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              className: 'picker-option',
              attrs: { type: 'button' },
              on: { click: () => this.insertFromPicker(reply) },
            },
            h('span', { className: 'suggestion-code' }, `/${reply.shortCode}`),
            ' ',
            h('span', { className: 'suggestion-text' }, firstLine(reply.content, 80)),
          ),
        ),
      ),
    );
  }

  private insertFromPicker(reply: CannedReply): void {
    this.closePicker(false);
    this.applyEdit(this.textarea.selectionStart, this.textarea.selectionEnd, reply.content);
  }

  private onPickerKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.closePicker(true);
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const options = Array.from(this.picker.querySelectorAll<HTMLElement>('input, button'));
    const position = options.indexOf(document.activeElement as HTMLElement);
    const next = event.key === 'ArrowDown' ? position + 1 : position - 1;
    if (next < 0 || next >= options.length) return;
    event.preventDefault();
    options[next].focus();
  }

  private async loadReplies(): Promise<void> {
    try {
      this.replies = await this.options.cannedReplies.get();
    } catch {
      this.replies = [];
    }
  }

  destroy(): void {
    document.removeEventListener('mousedown', this.onOutsidePointer);
  }
}

function sendErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return "Couldn't send. Try again.";
  if (error.status === 409 && (error.code === 'not_owner' || error.code === null)) {
    return 'Claim the conversation before replying';
  }
  if (error.status === 401) return 'Your session has ended.';
  return `Couldn't send: ${error.message}`;
}

function modifierKey(): string {
  return /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
}
