/** The widget's stylesheet, injected into its shadow root; `all: initial` keeps the host page's CSS out. */
export const WIDGET_CSS = `
:host {
  all: initial;
}
.sb-root {
  --sb-accent: #4f46e5;
  --sb-on-accent: #ffffff;
  --sb-accent-soft: rgba(79, 70, 229, 0.18);
  --sb-link: #4f46e5;
  --sb-text: #111827;
  --sb-muted: #6b7280;
  --sb-border: #e5e7eb;
  --sb-surface: #ffffff;
  --sb-canvas: #f6f7f9;
  --sb-danger: #b91c1c;
  --sb-radius: 18px;
  --sb-shadow: 0 12px 48px rgba(15, 23, 42, 0.18), 0 2px 8px rgba(15, 23, 42, 0.08);
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif;
  font-size: 14px;
  line-height: 1.45;
  color: var(--sb-text);
  -webkit-font-smoothing: antialiased;
  -webkit-text-size-adjust: 100%;
}
.sb-root *, .sb-root *::before, .sb-root *::after {
  box-sizing: border-box;
}
.sb-root [hidden] {
  display: none !important;
}
.sb-sr-only {
  position: absolute !important;
  width: 1px;
  height: 1px;
  padding: 0;
  margin: -1px;
  overflow: hidden;
  clip: rect(0, 0, 0, 0);
  white-space: nowrap;
  border: 0;
}
/* Resets carry no specificity, so every component rule below wins over them. */
:where(.sb-root) button {
  font: inherit;
  color: inherit;
  margin: 0;
  cursor: pointer;
}
:where(.sb-root) button:disabled {
  cursor: default;
}
.sb-root :focus {
  outline: none;
}
.sb-root :focus-visible {
  outline: 2px solid var(--sb-accent);
  outline-offset: 2px;
}
.sb-root svg {
  display: block;
  flex: none;
}

/* Launcher */
.sb-launcher {
  position: fixed;
  right: 20px;
  bottom: max(20px, env(safe-area-inset-bottom));
  z-index: 2147483000;
  width: 58px;
  height: 58px;
  border: 0;
  border-radius: 50%;
  padding: 0;
  display: flex;
  align-items: center;
  justify-content: center;
  background: var(--sb-accent);
  color: var(--sb-on-accent);
  box-shadow: 0 4px 14px rgba(15, 23, 42, 0.2), 0 10px 28px rgba(15, 23, 42, 0.14);
  transition: transform 160ms ease, box-shadow 160ms ease;
}
.sb-launcher:hover {
  transform: scale(1.06);
  box-shadow: 0 6px 18px rgba(15, 23, 42, 0.24), 0 14px 34px rgba(15, 23, 42, 0.16);
}
.sb-launcher:active {
  transform: scale(0.97);
}
.sb-root .sb-launcher:focus-visible {
  outline: 3px solid var(--sb-accent);
  outline-offset: 3px;
}
.sb-launcher-icon {
  position: absolute;
  transition: transform 200ms ease, opacity 200ms ease;
}
.sb-launcher .sb-icon-close {
  opacity: 0;
  transform: rotate(-90deg) scale(0.6);
}
.sb-launcher[aria-expanded='true'] .sb-icon-chat {
  opacity: 0;
  transform: rotate(90deg) scale(0.6);
}
.sb-launcher[aria-expanded='true'] .sb-icon-close {
  opacity: 1;
  transform: none;
}
.sb-badge {
  position: absolute;
  top: -3px;
  right: -3px;
  min-width: 22px;
  height: 22px;
  padding: 0 6px;
  border-radius: 11px;
  border: 2px solid #ffffff;
  background: #e11d48;
  color: #ffffff;
  font-size: 11.5px;
  font-weight: 700;
  line-height: 18px;
  text-align: center;
}

/* Panel */
.sb-panel {
  position: fixed;
  right: 20px;
  bottom: calc(max(20px, env(safe-area-inset-bottom)) + 72px);
  z-index: 2147483000;
  width: 384px;
  height: min(680px, calc(100vh - 120px));
  max-height: calc(100vh - 120px);
  display: flex;
  flex-direction: column;
  overflow: hidden;
  border-radius: 16px;
  background: var(--sb-surface);
  box-shadow: var(--sb-shadow);
  transform-origin: bottom right;
  animation: sb-panel-in 180ms cubic-bezier(0.2, 0.8, 0.2, 1);
}
@keyframes sb-panel-in {
  from {
    opacity: 0;
    transform: translateY(12px) scale(0.98);
  }
  to {
    opacity: 1;
    transform: none;
  }
}
.sb-header {
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 16px 14px 16px 20px;
  background: var(--sb-accent);
  color: var(--sb-on-accent);
}
.sb-header-text {
  flex: 1;
  min-width: 0;
}
.sb-title {
  margin: 0;
  font-size: 17px;
  font-weight: 650;
  line-height: 1.3;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.sb-subtitle {
  margin: 2px 0 0;
  display: flex;
  align-items: center;
  gap: 6px;
  font-size: 12.5px;
  opacity: 0.88;
}
.sb-presence {
  width: 8px;
  height: 8px;
  border-radius: 50%;
  background: #9ca3af;
  box-shadow: 0 0 0 2px rgba(255, 255, 255, 0.35);
}
.sb-presence[data-online='true'] {
  background: #22c55e;
}
.sb-icon-button {
  width: 36px;
  height: 36px;
  border: 0;
  border-radius: 10px;
  padding: 0;
  display: flex;
  align-items: center;
  justify-content: center;
  background: transparent;
  color: inherit;
  transition: background-color 120ms ease;
}
.sb-icon-button:hover {
  background: rgba(127, 127, 127, 0.22);
}
.sb-root .sb-header :focus-visible {
  outline-color: var(--sb-on-accent);
}
.sb-banner {
  padding: 8px 16px;
  font-size: 12.5px;
  font-weight: 500;
  text-align: center;
  background: #fef3c7;
  color: #78350f;
  border-bottom: 1px solid #fde68a;
}

/* Conversation */
.sb-scroll {
  flex: 1;
  min-height: 0;
  overflow-y: auto;
  overscroll-behavior: contain;
  padding: 16px 16px 8px;
  background: var(--sb-canvas);
}
.sb-greeting {
  margin: 0 0 6px;
  padding: 12px 14px;
  border-radius: var(--sb-radius);
  border-bottom-left-radius: 6px;
  max-width: 86%;
  background: var(--sb-surface);
  border: 1px solid var(--sb-border);
  box-shadow: 0 1px 2px rgba(15, 23, 42, 0.05);
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}
.sb-blocked {
  margin: 24px 8px;
  padding: 16px;
  border-radius: 12px;
  background: #fef2f2;
  border: 1px solid #fecaca;
  color: #7f1d1d;
  text-align: center;
}
.sb-connecting {
  margin: 24px 0;
  text-align: center;
  font-size: 13px;
  color: var(--sb-muted);
}
.sb-log {
  display: flex;
  flex-direction: column;
}
.sb-row {
  display: flex;
  flex-direction: column;
  align-items: flex-start;
  margin-top: 14px;
  max-width: 100%;
}
.sb-row[data-continued='true'] {
  margin-top: 4px;
}
.sb-row[data-author='contact'] {
  align-items: flex-end;
}
.sb-row[data-author='system'] {
  align-items: center;
}
.sb-meta {
  margin: 0 0 4px 4px;
  font-size: 12px;
  font-weight: 600;
  color: var(--sb-muted);
}
.sb-bubble {
  max-width: 86%;
  padding: 10px 14px;
  border-radius: var(--sb-radius);
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  font-size: 14.5px;
}
.sb-row[data-author='bot'] .sb-bubble,
.sb-row[data-author='agent'] .sb-bubble {
  background: var(--sb-surface);
  color: var(--sb-text);
  border: 1px solid var(--sb-border);
  border-bottom-left-radius: 6px;
  box-shadow: 0 1px 2px rgba(15, 23, 42, 0.05);
}
.sb-row[data-author='agent'] .sb-bubble {
  border-left: 3px solid var(--sb-accent);
}
.sb-row[data-author='contact'] .sb-bubble {
  background: var(--sb-accent);
  color: var(--sb-on-accent);
  border-bottom-right-radius: 6px;
}
.sb-row[data-author='contact'][data-status='pending'] .sb-bubble,
.sb-row[data-author='contact'][data-status='retrying'] .sb-bubble {
  opacity: 0.72;
}
.sb-row[data-author='contact'][data-status='failed'] .sb-bubble {
  background: #fff1f2;
  color: var(--sb-text);
  border: 1px solid #fecdd3;
}
.sb-row[data-author='system'] .sb-bubble {
  max-width: 92%;
  padding: 4px 12px;
  border-radius: 999px;
  background: #eceef2;
  color: var(--sb-muted);
  font-size: 12.5px;
  text-align: center;
}
.sb-row[data-kind='handoff'] .sb-bubble,
.sb-row[data-kind='activity'] .sb-bubble,
.sb-row[data-kind='offline'] .sb-bubble {
  border-left: 3px solid var(--sb-accent);
}
.sb-row[data-streaming='true'] .sb-bubble::after {
  content: '';
  display: inline-block;
  width: 7px;
  height: 15px;
  margin-left: 2px;
  vertical-align: -2px;
  border-radius: 1px;
  background: var(--sb-accent);
  animation: sb-caret 1s steps(2, start) infinite;
}
@keyframes sb-caret {
  to {
    visibility: hidden;
  }
}
.sb-delivery {
  margin: 4px 6px 0;
  font-size: 11.5px;
  color: var(--sb-muted);
}
.sb-row[data-status='failed'] .sb-delivery {
  color: var(--sb-danger);
  font-weight: 500;
}

/* Sources */
.sb-citations {
  margin-top: 6px;
  max-width: 86%;
  padding: 8px 12px 10px;
  border-radius: 12px;
  background: var(--sb-surface);
  border: 1px solid var(--sb-border);
}
.sb-citations-title {
  margin: 0 0 4px;
  font-size: 11px;
  font-weight: 700;
  letter-spacing: 0.06em;
  text-transform: uppercase;
  color: var(--sb-muted);
}
.sb-citations ol {
  margin: 0;
  padding: 0;
  list-style: none;
}
.sb-citations li {
  font-size: 13px;
  line-height: 1.5;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.sb-citations a {
  color: var(--sb-link);
  text-decoration: none;
  font-weight: 500;
}
.sb-citations a:hover {
  text-decoration: underline;
}

/* Rating (CSAT) */
.sb-csat form {
  display: flex;
  flex-direction: column;
  gap: 6px;
  margin: 8px 0 0 2px;
  font-size: 13px;
}
.sb-csat-stars {
  display: flex;
  gap: 2px;
}
.sb-csat-star {
  border: 0;
  background: none;
  font-size: 22px;
  line-height: 1;
  padding: 2px;
  color: var(--sb-muted, #9ca3af);
  cursor: pointer;
}
.sb-csat-star[aria-pressed='true'] {
  color: #f59e0b;
}
.sb-csat-star:focus-visible,
.sb-csat-submit:focus-visible {
  outline: 2px solid var(--sb-accent);
  outline-offset: 2px;
}
.sb-csat textarea {
  font: inherit;
  resize: vertical;
}
.sb-csat-submit {
  align-self: flex-start;
  padding: 6px 16px;
  border-radius: 999px;
  border: 1px solid var(--sb-accent);
  background: var(--sb-accent);
  color: var(--sb-on-accent);
  font-weight: 600;
}
.sb-csat-submit:disabled {
  opacity: 0.5;
}

/* Confirmation */
.sb-confirm {
  display: flex;
  gap: 8px;
  margin: 8px 0 0 2px;
}
.sb-confirm button {
  padding: 6px 16px;
  border-radius: 999px;
  border: 1px solid var(--sb-accent);
  background: var(--sb-surface);
  color: var(--sb-text);
  font-weight: 600;
  font-size: 13px;
}
.sb-confirm button.sb-confirm-yes {
  background: var(--sb-accent);
  color: var(--sb-on-accent);
}
.sb-confirm button:focus-visible {
  outline: 2px solid var(--sb-accent);
  outline-offset: 2px;
}

/* Feedback */
.sb-feedback {
  display: flex;
  align-items: center;
  gap: 6px;
  margin: 6px 0 0 2px;
}
.sb-feedback-label {
  font-size: 12px;
  color: var(--sb-muted);
  margin-right: 2px;
}
.sb-feedback button {
  width: 30px;
  height: 30px;
  padding: 0;
  border-radius: 50%;
  border: 1px solid var(--sb-border);
  background: var(--sb-surface);
  color: var(--sb-muted);
  display: flex;
  align-items: center;
  justify-content: center;
  transition: background-color 120ms ease, color 120ms ease, border-color 120ms ease;
}
.sb-feedback button:hover:not(:disabled) {
  color: var(--sb-text);
  border-color: #cbd5e1;
  background: #f3f4f6;
}
.sb-feedback button[aria-pressed='true'] {
  background: var(--sb-accent);
  border-color: var(--sb-accent);
  color: var(--sb-on-accent);
}
.sb-feedback button:disabled:not([aria-pressed='true']) {
  opacity: 0.4;
}

/* Offline e-mail form */
.sb-contact {
  margin-top: 8px;
  width: 86%;
  padding: 12px;
  border-radius: 12px;
  background: var(--sb-surface);
  border: 1px solid var(--sb-border);
}
.sb-contact label {
  display: block;
  margin-bottom: 6px;
  font-size: 12.5px;
  font-weight: 600;
}
.sb-contact-fields {
  display: flex;
  gap: 8px;
}
.sb-contact input {
  flex: 1;
  min-width: 0;
  padding: 8px 10px;
  border-radius: 8px;
  border: 1px solid #d1d5db;
  font: inherit;
  font-size: 14px;
  color: var(--sb-text);
  background: #ffffff;
}
.sb-contact input:focus-visible {
  outline: 2px solid var(--sb-accent);
  outline-offset: 0;
  border-color: var(--sb-accent);
}
.sb-contact button {
  flex: none;
  padding: 8px 12px;
  border: 0;
  border-radius: 8px;
  background: var(--sb-accent);
  color: var(--sb-on-accent);
  font-weight: 600;
  font-size: 13px;
}
.sb-contact button:disabled {
  opacity: 0.6;
}
.sb-contact-error {
  margin: 6px 0 0;
  font-size: 12px;
  color: var(--sb-danger);
}
.sb-contact-done {
  margin: 0;
  font-size: 13px;
  color: #166534;
}

/* Typing */
.sb-typing {
  display: flex;
  align-items: center;
  gap: 8px;
  margin-top: 14px;
  font-size: 12.5px;
  color: var(--sb-muted);
}
.sb-dots {
  display: flex;
  gap: 4px;
  padding: 12px 14px;
  border-radius: var(--sb-radius);
  border-bottom-left-radius: 6px;
  background: var(--sb-surface);
  border: 1px solid var(--sb-border);
}
.sb-dots span {
  width: 6px;
  height: 6px;
  border-radius: 50%;
  background: #9ca3af;
  animation: sb-bounce 1.2s infinite ease-in-out;
}
.sb-dots span:nth-child(2) {
  animation-delay: 0.15s;
}
.sb-dots span:nth-child(3) {
  animation-delay: 0.3s;
}
@keyframes sb-bounce {
  0%, 60%, 100% {
    transform: translateY(0);
    opacity: 0.5;
  }
  30% {
    transform: translateY(-4px);
    opacity: 1;
  }
}

/* Notices */
.sb-notices {
  display: flex;
  flex-direction: column;
  gap: 6px;
  padding: 0 12px;
  background: var(--sb-canvas);
}
.sb-notices:not(:empty) {
  padding-bottom: 8px;
}
.sb-notice {
  padding: 8px 12px;
  border-radius: 10px;
  font-size: 13px;
  line-height: 1.4;
}
.sb-notice-info {
  background: var(--sb-surface);
  border: 1px solid var(--sb-border);
  border-left: 3px solid var(--sb-accent);
}
.sb-notice-alert {
  background: #fef2f2;
  border: 1px solid #fecaca;
  color: #7f1d1d;
}

/* Composer */
.sb-footer {
  padding: 10px 12px 10px;
  background: var(--sb-surface);
  border-top: 1px solid var(--sb-border);
}
.sb-actions {
  display: flex;
  justify-content: flex-start;
  margin-bottom: 8px;
}
.sb-human {
  display: inline-flex;
  align-items: center;
  gap: 6px;
  padding: 5px 12px 5px 10px;
  border-radius: 999px;
  border: 1px solid #d1d5db;
  background: var(--sb-surface);
  font-size: 12.5px;
  font-weight: 500;
  transition: border-color 120ms ease, color 120ms ease;
}
.sb-human:hover:not(:disabled) {
  border-color: var(--sb-link);
  color: var(--sb-link);
}
.sb-human:disabled {
  opacity: 0.6;
}
.sb-composer {
  display: flex;
  align-items: flex-end;
  gap: 8px;
  padding: 5px 5px 5px 14px;
  border: 1px solid #d1d5db;
  border-radius: 22px;
  background: #ffffff;
  transition: border-color 120ms ease, box-shadow 120ms ease;
}
.sb-composer:focus-within {
  border-color: var(--sb-accent);
  box-shadow: 0 0 0 3px var(--sb-accent-soft);
}
.sb-composer textarea {
  flex: 1;
  min-width: 0;
  height: 34px;
  max-height: 132px;
  margin: 0;
  padding: 7px 0;
  border: 0;
  resize: none;
  background: transparent;
  color: var(--sb-text);
  font: inherit;
  font-size: 14.5px;
  line-height: 20px;
  overflow-y: auto;
}
.sb-composer textarea::placeholder {
  color: #9ca3af;
}
.sb-composer textarea:focus-visible {
  outline: none;
}
.sb-composer textarea:disabled {
  cursor: not-allowed;
}
.sb-attach {
  width: 34px;
  height: 34px;
  padding: 0;
  flex: none;
  border: 0;
  border-radius: 50%;
  display: flex;
  align-items: center;
  justify-content: center;
  background: transparent;
  color: #6b7280;
}
.sb-attach:hover:not(:disabled) {
  background: rgba(127, 127, 127, 0.18);
}
.sb-file {
  display: inline-flex;
  align-items: center;
  gap: 6px;
  overflow-wrap: anywhere;
}
.sb-send {
  width: 34px;
  height: 34px;
  padding: 0;
  flex: none;
  border: 0;
  border-radius: 50%;
  display: flex;
  align-items: center;
  justify-content: center;
  background: var(--sb-accent);
  color: var(--sb-on-accent);
  transition: opacity 120ms ease, transform 120ms ease;
}
.sb-send:hover:not(:disabled) {
  transform: scale(1.05);
}
.sb-send:disabled {
  background: #e5e7eb;
  color: #9ca3af;
}
.sb-footer-meta {
  display: flex;
  justify-content: space-between;
  align-items: center;
  gap: 8px;
  margin-top: 6px;
  min-height: 14px;
  font-size: 11px;
  color: #9ca3af;
}
.sb-counter {
  margin-left: auto;
  font-variant-numeric: tabular-nums;
}
.sb-counter[data-over='true'] {
  color: var(--sb-danger);
  font-weight: 600;
}

/* Phones: the panel takes the whole screen */
@media (max-width: 479px) {
  .sb-panel {
    inset: 0;
    width: 100%;
    height: 100%;
    max-height: none;
    border-radius: 0;
    animation-name: sb-panel-up;
  }
  .sb-root[data-open='true'] .sb-launcher {
    display: none;
  }
  .sb-header {
    padding-top: max(16px, env(safe-area-inset-top));
  }
  .sb-footer {
    padding-bottom: max(10px, env(safe-area-inset-bottom));
  }
  .sb-composer textarea {
    font-size: 16px;
  }
}
@keyframes sb-panel-up {
  from {
    transform: translateY(24px);
    opacity: 0;
  }
  to {
    transform: none;
    opacity: 1;
  }
}
@media (prefers-reduced-motion: reduce) {
  .sb-root *, .sb-root *::before, .sb-root *::after {
    animation-duration: 0.01ms !important;
    animation-iteration-count: 1 !important;
    transition-duration: 0.01ms !important;
  }
}
@media (forced-colors: active) {
  .sb-bubble, .sb-launcher, .sb-send, .sb-composer {
    border: 1px solid CanvasText;
  }
}
`;
