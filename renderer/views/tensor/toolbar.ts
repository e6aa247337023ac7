// The tensor view's toolbar: numbers or heatmap, shared or per-plane scale, batch and channel
// pickers, zoom, and the colour legend. It is rebuilt on every change, and a keyboard user keeps
// focus on the same control (or its neighbour when it became disabled, as zoom buttons do at the ends).

import { legendCanvas } from '../../colormap';
import { button, el, select } from '../../dom';
import { formatCell, formatValue } from '../../format';
import { ZOOMS, type TensorSettings, type TensorState } from './state';

export type Change = (patch: Partial<TensorSettings>) => void;

function keyed(field: HTMLElement, key: string): HTMLElement {
  field.querySelector('select')?.setAttribute('data-key', key);
  return field;
}

function picker(label: string, values: number[], current: number, pick: (v: number) => void): HTMLElement {
  const options = [{ value: '-1', label: 'all' }, ...values.map((v) => ({ value: String(v), label: String(v) }))];
  return keyed(select(label, options, String(current), (v) => pick(Number(v))), label);
}

export function fillToolbar(toolbar: HTMLElement, s: TensorState, change: Change): void {
  const st = s.settings;
  toolbar.replaceChildren();
  if (s.canNumbers) {
    toolbar.append(
      button('Numbers', 'Show values as numbers', () => change({ mode: 'numbers' }), { 'aria-pressed': String(st.mode === 'numbers'), 'data-key': 'numbers' }),
      button('Heatmap', 'Show values as a heatmap', () => change({ mode: 'heatmap' }), { 'aria-pressed': String(st.mode === 'heatmap'), 'data-key': 'heatmap' }),
    );
  }
  if (s.payload.planes.length > 1) {
    toolbar.append(
      button(st.perPlane ? 'Scale: per plane' : 'Scale: shared', st.perPlane ? 'Colour scale per plane; switch to one shared scale' : 'One shared colour scale; switch to a scale per plane', () => change({ perPlane: !st.perPlane }), {
        'aria-pressed': String(st.perPlane),
        'data-role': 'scale-toggle',
        'data-key': 'scale',
      }),
    );
  }
  if (s.batches.length > 1) toolbar.append(picker('batch', s.batches, st.batch, (batch) => change({ batch })));
  if (s.channels.length > 1) toolbar.append(picker('channel', s.channels, st.channel, (channel) => change({ channel })));
  if (st.mode === 'heatmap') {
    const zi = ZOOMS.indexOf(st.zoom);
    const out = button('−', 'Zoom out', () => change({ zoom: ZOOMS[Math.max(0, zi - 1)] }), { disabled: zi <= 0, 'data-key': 'zoom-out' });
    const zin = button('+', 'Zoom in', () => change({ zoom: ZOOMS[Math.min(ZOOMS.length - 1, zi + 1)] }), { disabled: zi >= ZOOMS.length - 1, 'data-key': 'zoom-in' });
    toolbar.append(out, el('span', { className: 'cb-field-label', 'aria-live': 'polite' }, `${st.zoom * 100}%`), zin);
  }
  if (!st.perPlane) {
    const scale = s.sharedScale;
    toolbar.append(
      el(
        'span',
        { className: 'cb-legend', 'aria-label': `colour scale ${scale.kind}, ${formatValue(scale.min)} to ${formatValue(scale.max)}` },
        formatCell(scale.min),
        legendCanvas(scale, 100, 10),
        formatCell(scale.max),
        el('span', {}, scale.kind === 'diverging' ? '(diverging, 0 at the centre)' : ''),
      ),
    );
  }
}

/** The data-key of the toolbar control that has focus, if any. */
export function focusedKey(toolbar: HTMLElement, root: HTMLElement): string | undefined {
  const active = (root.getRootNode() as ShadowRoot | Document).activeElement;
  return active instanceof HTMLElement && toolbar.contains(active) ? active.dataset.key : undefined;
}

/** Focuses the rebuilt control with `key`, or for a disabled zoom button the other one. */
export function refocus(toolbar: HTMLElement, key: string | undefined): void {
  if (!key) return;
  const candidates = [key, ...(key.startsWith('zoom') ? ['zoom-in', 'zoom-out'] : [])];
  for (const k of candidates) {
    const next = toolbar.querySelector<HTMLElement>(`[data-key="${k}"]`);
    if (next && !(next as HTMLButtonElement).disabled) {
      next.focus();
      return;
    }
  }
}
