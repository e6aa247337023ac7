// The test page's fake notebook host: VS Code's renderer API around the real bundle. Tests call
// window.harness from Playwright.
import { activate } from '/dist/renderer.js';

const rendered = [];
const saved = [];
const messages = [];
let stored;
const controllers = new Map();

// Three save routes:
//   default      the test's own SaveHandler records every exported file (harness.saved);
//   ?download    no messaging, like the CLI report or a plain page: the renderer's <a download>;
//   ?messaging   VS Code's renderer messaging with a fake extension (harness.host) that answers
//                save requests as harness.host.answer says: 'saved', 'cancelled', 'failed' or
//                'silent' (never answers, as when nothing listens).
const params = new URLSearchParams(location.search);
const useDownloads = params.has('download');
const useMessaging = params.has('messaging');
const listeners = new Set();
const host = {
  answer: 'saved',
  requests: [],
  reply(message) {
    for (const fn of [...listeners]) fn(message);
  },
};

const context = {
  getState: () => stored,
  setState: (value) => {
    stored = value;
  },
};
if (useMessaging) {
  context.postMessage = (message) => {
    messages.push(message);
    if (message?.type !== 'save') return;
    host.requests.push(message);
    if (host.answer === 'silent') return;
    setTimeout(() => {
      host.reply({ type: 'save-started', id: message.id });
      setTimeout(() => {
        if (host.answer === 'saved') host.reply({ type: 'saved', id: message.id, path: `/work/notebooks/${message.filename}` });
        else if (host.answer === 'cancelled') host.reply({ type: 'save-cancelled', id: message.id });
        else host.reply({ type: 'save-failed', id: message.id, message: 'EACCES: permission denied' });
      }, 30);
    }, 10);
  };
  context.onDidReceiveMessage = (fn) => {
    listeners.add(fn);
    return { dispose: () => listeners.delete(fn) };
  };
}

const api = activate(context, {
  onRendered: (info) => rendered.push(info),
  ...(useDownloads || useMessaging
    ? {}
    : {
        save: async (blob, filename) => {
          const bytes = new Uint8Array(await blob.arrayBuffer());
          saved.push({ filename, type: blob.type, size: blob.size, head: Array.from(bytes.slice(0, 8)), text: blob.type.startsWith('image/svg') ? new TextDecoder().decode(bytes) : '' });
        },
      }),
});

window.harness = {
  rendered,
  saved,
  messages,
  host,
  render(mime, payload, id = `out${controllers.size}`) {
    let element = document.getElementById(id);
    if (!element) {
      element = document.createElement('div');
      element.id = id;
      element.className = 'output';
      document.getElementById('outputs').appendChild(element);
    }
    const controller = new AbortController();
    controllers.set(id, controller);
    api.renderOutputItem({ id, mime, json: () => payload, text: () => JSON.stringify(payload) }, element, controller.signal);
    return id;
  },
  abort(id) {
    controllers.get(id)?.abort();
  },
  dispose(id) {
    api.disposeOutputItem(id);
  },
  setTheme(kind) {
    document.body.className = `vscode-${kind}`;
  },
  state: () => stored,
};
window.dispatchEvent(new Event('harness-ready'));
