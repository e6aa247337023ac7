// The calculator webview's front end: a live form whose results are drawn by the same views as the
// notebook (output-size formula with a sweep preview, params & FLOPs per library convention, the
// solver, a pasted stack's receptive field). State survives through the host's get/setState;
// "Insert as a convbook cell" posts the equivalent cell source to the extension. Each tab's panel
// is its own module (layer_panel, solver_panel, rf_panel); this one holds the tabs and the shell.

import type { CalculatorViewMessage } from '../contract';
import { Disposables, button, el, tablistKeys } from '../renderer/dom';
import { mountOutput, type MountedOutput } from '../renderer/mount';
import { BASE_CSS } from '../renderer/styles';
import { layerPanel } from './layer_panel';
import { rfPanel } from './rf_panel';
import { CALC_CSS, type CalcShell, type CalculatorHost } from './shell';
import { solverPanel } from './solver_panel';
import { KIND_OF_TAB, applyInit, restoreState, type CalcTab } from './state';

export type { CalculatorHost } from './shell';

const TABS: { id: CalcTab; label: string }[] = [
  { id: 'size', label: 'Output size' },
  { id: 'cost', label: 'Params & FLOPs' },
  { id: 'solver', label: 'Solver' },
  { id: 'rf', label: 'Receptive field' },
];

export function mountCalculator(container: HTMLElement, host: CalculatorHost): { dispose(): void } {
  const disposables = new Disposables();
  const style = el('style', { text: BASE_CSS + CALC_CSS });
  document.head.appendChild(style);
  disposables.add(() => style.remove());

  const root = el('div', { className: 'cb-root cb-calc' });
  container.replaceChildren(root);
  disposables.add(() => root.remove());

  const tablist = el('div', { className: 'cb-tabs', role: 'tablist', 'aria-label': 'Calculator' });
  const panel = el('div', { role: 'tabpanel', id: 'cb-calc-panel' });
  root.append(el('h2', {}, 'Convolution calculator'), tablist, panel);
  tablistKeys(tablist, disposables);

  let mounted: MountedOutput[] = [];
  const clearMounts = () => {
    for (const m of mounted) m.dispose();
    mounted = [];
  };
  disposables.add(clearMounts);
  const send = (message: CalculatorViewMessage) => host.postMessage(message);

  const shell: CalcShell = {
    panel,
    disposables,
    state: restoreState(host.getState()),
    prefillNotes: [],
    save: () => host.setState(shell.state),
    redraw: drawPanel,
    mount: (target, mime, payload) => mounted.push(mountOutput(target, mime, payload, { katexCssUrl: host.katexCssUrl })),
    clearMounts,
    computed: (result) => send({ type: 'computed', calculator: KIND_OF_TAB[shell.state.tab], result }),
    send,
  };

  function drawTabs(): void {
    tablist.replaceChildren(
      ...TABS.map((t) =>
        button(
          t.label,
          t.label,
          () => {
            shell.state = { ...shell.state, tab: t.id };
            shell.save();
            drawTabs();
            drawPanel();
          },
          { role: 'tab', 'aria-selected': String(shell.state.tab === t.id), 'aria-controls': 'cb-calc-panel', 'data-tab': t.id },
        ),
      ),
    );
  }

  function drawPanel(): void {
    clearMounts();
    const tab = shell.state.tab;
    panel.setAttribute('aria-label', TABS.find((t) => t.id === tab)?.label ?? '');
    if (tab === 'size' || tab === 'cost') layerPanel(shell, tab);
    else if (tab === 'solver') solverPanel(shell);
    else rfPanel(shell);
  }

  if (host.onMessage) {
    disposables.add(
      host.onMessage((message) => {
        const init = applyInit(shell.state, message);
        if (!init) return;
        shell.state = init.state;
        shell.prefillNotes = init.notes;
        shell.save();
        drawTabs();
        drawPanel();
      }),
    );
  }

  send({ type: 'ready' });
  drawTabs();
  drawPanel();
  return { dispose: () => disposables.dispose() };
}
