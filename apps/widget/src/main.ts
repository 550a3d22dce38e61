import { createClientMessageId } from './client-message-id';
import { HostSettings, resolveEmbedConfig } from './embed-config';
import { KeyValueStorage, VisitorStorage } from './visitor-storage';
import { WidgetApi } from './widget-api';
import { WidgetController } from './widget-controller';

// Only valid while this script first runs: an async script has no currentScript once it yields.
const ownScript = document.currentScript;

declare global {
  interface Window {
    SwitchboardSettings?: HostSettings;
    __switchboardWidgetLoaded?: boolean;
  }
}

function findScript(): HTMLScriptElement | null {
  if (ownScript instanceof HTMLScriptElement && ownScript.hasAttribute('data-inbox')) return ownScript;
  return document.querySelector<HTMLScriptElement>('script[data-inbox]');
}

function localStorageOrNull(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function boot(): void {
  if (window.__switchboardWidgetLoaded) return;
  const script = findScript();
  const config = resolveEmbedConfig({
    scriptSrc: script?.src ?? null,
    attributes: {
      inbox: script?.dataset.inbox,
      userId: script?.dataset.userId,
      userHash: script?.dataset.userHash,
      locale: script?.dataset.locale,
    },
    settings: window.SwitchboardSettings,
    pageUrl: window.location.href,
  });
  if (config === null) {
    console.warn('[switchboard] widget.js needs a data-inbox attribute on its script tag');
    return;
  }
  window.__switchboardWidgetLoaded = true;

  const host = document.createElement('div');
  host.id = 'switchboard-widget';
  host.setAttribute('data-switchboard', 'widget');
  document.body.appendChild(host);

  const controller = new WidgetController(config, {
    api: new WidgetApi(config.baseUrl, config.inboxKey, (url, init) => window.fetch(url, init)),
    storage: new VisitorStorage(localStorageOrNull(), config.inboxKey),
    createEventSource: (url) => new EventSource(url),
    schedule: (callback, delayMs) => {
      const timer = window.setTimeout(callback, delayMs);
      return () => window.clearTimeout(timer);
    },
    random: Math.random,
    newClientMessageId: () => createClientMessageId(window.crypto),
    now: () => new Date(),
    browserLocale: navigator.language || null,
    isOnline: () => navigator.onLine !== false,
    host,
  });
  window.addEventListener('online', () => controller.setBrowserOnline(true));
  window.addEventListener('offline', () => controller.setBrowserOnline(false));
  controller.start();
}

if (document.body) boot();
else document.addEventListener('DOMContentLoaded', boot, { once: true });
