// The test page's fake notebook host: VS Code's renderer API around the real bundle. Tests call
// window.harness from Playwright.
import { activate } from '/dist/renderer.js';

const rendered = [];
const saved = [];
const messages = [];
let stored;
const controllers = new Map();

const context = {
  getState: () => stored,
  setState: (value) => {
    stored = value;
  },
  postMessage: (message) => messages.push(message),
  onDidReceiveMessage: () => ({ dispose() {} }),
};

// ?download keeps the renderer's own save route (an <a download> with a blob URL).
const useDownloads = new URLSearchParams(location.search).has('download');
const api = activate(context, {
  onRendered: (info) => rendered.push(info),
  ...(useDownloads
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
