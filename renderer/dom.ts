// Small DOM builders. Every string lands through textContent or a plain attribute, never
// innerHTML, so names and messages coming from a notebook cannot inject markup.

export type Attrs = Record<string, string | number | boolean | undefined>;
export type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'className') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A button with a visible label and an accessible name (they may differ, e.g. an icon glyph). */
export function button(label: string, ariaLabel: string, onClick: (e: MouseEvent) => void, attrs: Attrs = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', 'aria-label': ariaLabel, title: ariaLabel, ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** Text read by screen readers but not shown. */
export function visuallyHidden(text: string, attrs: Attrs = {}): HTMLElement {
  return el('span', { className: 'cb-sr-only', ...attrs }, text);
}

export function select<T extends string>(label: string, options: { value: T; label: string }[], value: T, onChange: (v: T) => void): HTMLLabelElement {
  const s = el('select', { 'aria-label': label });
  for (const o of options) {
    const opt = el('option', { value: o.value }, o.label);
    if (o.value === value) opt.selected = true;
    s.appendChild(opt);
  }
  s.addEventListener('change', () => onChange(s.value as T));
  return el('label', { className: 'cb-field' }, el('span', { className: 'cb-field-label' }, label), s);
}

/**
 * Arrow keys (and Home/End) move between the tabs of the tablists inside `container` and select
 * the tab reached, as VS Code's own tab strips do. `container` outlives the tabs (views redraw
 * their tablists on selection), so the newly selected tab is found again there and focused.
 */
export function tablistKeys(container: HTMLElement, disposables: Disposables): void {
  disposables.listen(container, 'keydown', (e: KeyboardEvent) => {
    const tab = e.target instanceof HTMLElement ? e.target.closest('[role=tab]') : null;
    const list = tab?.closest('[role=tablist]');
    if (!tab || !list) return;
    const tabs = [...list.querySelectorAll<HTMLElement>('[role=tab]')];
    const at = tabs.indexOf(tab as HTMLElement);
    const n = tabs.length;
    const next = e.key === 'ArrowRight' ? (at + 1) % n : e.key === 'ArrowLeft' ? (at - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    tabs[next].click();
    (container.querySelector<HTMLElement>('[role=tab][aria-selected=true]') ?? tabs[next]).focus();
  });
}

/** Tracks listeners and callbacks so a view can release everything in one call. */
export class Disposables {
  private readonly items: (() => void)[] = [];
  private disposed = false;

  add(fn: () => void): void {
    if (this.disposed) fn();
    else this.items.push(fn);
  }

  listen<K extends keyof HTMLElementEventMap>(target: HTMLElement | Document | Window, type: K | string, fn: (e: HTMLElementEventMap[K]) => void, options?: AddEventListenerOptions): void {
    const listener = fn as EventListener;
    target.addEventListener(type, listener, options);
    this.add(() => target.removeEventListener(type, listener, options));
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const fn of this.items.splice(0).reverse()) {
      try {
        fn();
      } catch {
        // Disposing must not stop halfway because one listener's owner is already gone.
      }
    }
  }
}
