// The stylesheet every convbook view is drawn with, adopted by each output's shadow root (and
// by the calculator webview's page): colours as custom properties over VS Code's theme variables
// (see theme.ts for the fallbacks' reasoning), toolbars, tables, formulas, tiles and cards.

export const BASE_CSS = `
:host, .cb-root {
  --cb-fb-bg: #ffffff; --cb-fb-fg: #1f1f1f; --cb-fb-muted: #616161; --cb-fb-border: #c8c8c8;
  --cb-fb-widget: #f3f3f3; --cb-fb-focus: #005fb8; --cb-fb-blue: #1a73e8; --cb-fb-orange: #d1700b;
  --cb-fb-green: #388a34; --cb-fb-purple: #8a3fbf; --cb-fb-yellow: #b58900; --cb-fb-red: #c72e0f;
}
@media (prefers-color-scheme: dark) {
  :host, .cb-root {
    --cb-fb-bg: #1e1e1e; --cb-fb-fg: #d4d4d4; --cb-fb-muted: #9d9d9d; --cb-fb-border: #474747;
    --cb-fb-widget: #252526; --cb-fb-focus: #4daafc; --cb-fb-blue: #4fa3f7; --cb-fb-orange: #f0a03c;
    --cb-fb-green: #6cc06a; --cb-fb-purple: #c586f0; --cb-fb-yellow: #e2c04a; --cb-fb-red: #f1707b;
  }
}
.cb-root {
  --cb-bg: var(--vscode-notebook-outputContainerBackgroundColor, var(--vscode-editor-background, var(--cb-fb-bg)));
  --cb-fg: var(--vscode-editor-foreground, var(--vscode-foreground, var(--cb-fb-fg)));
  --cb-muted: var(--vscode-descriptionForeground, var(--cb-fb-muted));
  --cb-border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, var(--vscode-panel-border, var(--cb-fb-border))));
  --cb-widget: var(--vscode-editorWidget-background, var(--cb-fb-widget));
  --cb-focus: var(--vscode-focusBorder, var(--cb-fb-focus));
  --cb-accent: var(--vscode-charts-blue, var(--cb-fb-blue));
  --cb-window: var(--vscode-charts-orange, var(--cb-fb-orange));
  --cb-current: var(--vscode-charts-orange, var(--cb-fb-orange));
  --cb-filled: var(--vscode-charts-green, var(--cb-fb-green));
  --cb-hover: var(--vscode-charts-purple, var(--cb-fb-purple));
  --cb-warning: var(--vscode-charts-yellow, var(--vscode-editorWarning-foreground, var(--cb-fb-yellow)));
  --cb-error: var(--vscode-charts-red, var(--vscode-errorForeground, var(--cb-fb-red)));
  --cb-padding: var(--vscode-descriptionForeground, var(--cb-fb-muted));
  --cb-hc: var(--vscode-contrastBorder, none);
  color: var(--cb-fg);
  background: var(--cb-bg);
  font-family: var(--vscode-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
  font-size: var(--vscode-font-size, 13px);
  line-height: 1.4;
  padding: 6px 2px;
  box-sizing: border-box;
  max-width: 100%;
  overflow-x: auto;
}
.cb-root *, .cb-root *::before, .cb-root *::after { box-sizing: inherit; }
.cb-title { font-weight: 600; margin: 0 0 4px; font-size: 1.05em; }
.cb-subtitle { color: var(--cb-muted); margin: 0 0 6px; }
.cb-notes { color: var(--cb-muted); margin: 6px 0 0; padding-left: 1.2em; font-size: 0.92em; }
/* Chart yellows are made for marks, not text: mixed toward the foreground they read at 4.5:1. */
.cb-warning { color: color-mix(in srgb, var(--cb-warning) 65%, var(--cb-fg)); }
.cb-error { color: var(--cb-error); }
.cb-sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.cb-toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
.cb-toolbar .cb-spacer { flex: 1; }
.cb-export .cb-readout { overflow-wrap: anywhere; min-width: 0; }
.cb-root button, .cb-root select, .cb-root input[type=number], .cb-root input[type=text], .cb-root textarea {
  font: inherit; line-height: 18px; border-radius: 2px; min-height: 24px; box-sizing: border-box;
}
/* Buttons as VS Code draws them: secondary by default, primary for the main action and for the
   pressed / selected state of toggles and tabs; a border only where the theme defines one (high contrast). */
.cb-root button {
  color: var(--vscode-button-secondaryForeground, var(--cb-fg));
  background: var(--vscode-button-secondaryBackground, var(--cb-widget));
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent));
  padding: 2px 10px; cursor: pointer;
}
.cb-root button:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground, var(--cb-widget)); }
.cb-root button.cb-primary, .cb-root button[aria-pressed=true], .cb-root button[aria-selected=true] {
  background: var(--vscode-button-background, var(--cb-focus)); color: var(--vscode-button-foreground, #ffffff);
}
/* High-contrast themes draw primary buttons like the others; their active border tells them apart. */
.cb-root button[aria-pressed=true], .cb-root button[aria-selected=true] { box-shadow: inset 0 0 0 1px var(--vscode-contrastActiveBorder, transparent); border-color: var(--vscode-contrastActiveBorder, var(--vscode-button-border, transparent)); }
.cb-root button.cb-primary:hover:not(:disabled), .cb-root button[aria-pressed=true]:hover:not(:disabled), .cb-root button[aria-selected=true]:hover:not(:disabled) {
  background: var(--vscode-button-hoverBackground, var(--vscode-button-background, var(--cb-focus)));
}
.cb-root button:disabled { opacity: 0.5; cursor: default; }
.cb-root select {
  color: var(--vscode-dropdown-foreground, var(--cb-fg));
  background: var(--vscode-dropdown-background, var(--cb-bg));
  border: 1px solid var(--vscode-dropdown-border, var(--cb-border)); padding: 1px 4px; cursor: pointer;
}
.cb-root select option { color: var(--vscode-dropdown-foreground, var(--cb-fg)); background: var(--vscode-dropdown-listBackground, var(--vscode-dropdown-background, var(--cb-bg))); }
.cb-root input[type=number], .cb-root input[type=text], .cb-root textarea {
  color: var(--vscode-input-foreground, var(--cb-fg)); background: var(--vscode-input-background, var(--cb-bg));
  border: 1px solid var(--vscode-input-border, var(--cb-border)); padding: 2px 6px;
}
.cb-root ::placeholder { color: var(--vscode-input-placeholderForeground, var(--cb-muted)); }
.cb-root input[type=checkbox] { accent-color: var(--cb-accent); width: 15px; height: 15px; margin: 0 2px 0 0; }
/* One focus ring for everything focusable, in the theme's focus colour (VS Code's focusBorder). */
.cb-root :focus { outline: none; }
.cb-root :focus-visible { outline: 1px solid var(--cb-focus); outline-offset: 2px; }
.cb-root select:focus-visible, .cb-root input:focus-visible, .cb-root textarea:focus-visible { outline-offset: -1px; }
.cb-root input[type=range] { accent-color: var(--cb-accent); width: 180px; }
.cb-root input[type=range]:focus-visible { outline-offset: 2px; }
.cb-field { display: inline-flex; align-items: center; gap: 4px; }
.cb-field-label { color: var(--cb-muted); }
.cb-canvas-wrap { position: relative; display: inline-block; max-width: 100%; }
.cb-canvas { display: block; }
.cb-readout { font-family: var(--vscode-editor-font-family, ui-monospace, 'SF Mono', Menlo, Consolas, monospace); color: var(--cb-muted); min-height: 1.4em; font-size: 0.92em; }
.cb-math { overflow-x: auto; overflow-y: hidden; padding: 2px 0; min-height: 1.6em; }
/* KaTeX's stylesheet hides the MathML copy kept for screen readers, but it arrives by a <link> that
   may load late or not at all; without this the formula shows twice, typeset and as plain text. */
.cb-root .katex .katex-mathml { position: absolute; width: 1px; height: 1px; padding: 0; border: 0; overflow: hidden; clip-path: inset(50%); }
.cb-math-plain { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
.cb-table { border-collapse: collapse; margin: 4px 0 8px; font-variant-numeric: tabular-nums; }
.cb-table th, .cb-table td { border: 1px solid var(--cb-border); padding: 3px 8px; text-align: right; vertical-align: middle; }
.cb-table th { background: var(--cb-widget); font-weight: 600; text-align: center; }
.cb-table td.cb-left, .cb-table th.cb-left { text-align: left; }
.cb-table tr.cb-total td { font-weight: 600; }
.cb-table td.cb-differs { color: var(--cb-error); font-weight: 600; }
.cb-table td.cb-agrees { color: color-mix(in srgb, var(--cb-filled) 70%, var(--cb-fg)); }
.cb-mono { font-family: var(--vscode-editor-font-family, ui-monospace, 'SF Mono', Menlo, Consolas, monospace); }
.cb-section { margin: 8px 0; }
.cb-section > h4 { margin: 6px 0 4px; font-size: 1em; font-weight: 600; }
.cb-bar { display: block; height: 100%; background: var(--cb-accent); min-width: 1px; }
.cb-bar.cb-bar-macs { background: var(--cb-window); }
.cb-bar-cell { display: flex; align-items: center; gap: 6px; justify-content: flex-end; }
.cb-bar-track { display: inline-block; width: 80px; height: 10px; background: var(--cb-widget); border: 1px solid var(--cb-border); text-align: left; vertical-align: middle; }
.cb-matrix { border-collapse: collapse; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-variant-numeric: tabular-nums; margin: 2px 0; }
.cb-matrix td { border: 1px solid var(--cb-border); padding: 2px 6px; text-align: right; min-width: 2.4em; }
.cb-tiles { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
.cb-tile { display: flex; flex-direction: column; gap: 2px; }
.cb-tile-label { font-size: 0.85em; color: var(--cb-muted); font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
.cb-tile canvas { image-rendering: pixelated; border: 1px solid var(--cb-border); cursor: crosshair; }
.cb-legend { display: flex; align-items: center; gap: 6px; font-size: 0.85em; color: var(--cb-muted); }
.cb-legend canvas { border: 1px solid var(--cb-border); }
.cb-sweep-layout { display: flex; flex-direction: column; gap: 4px; }
.cb-label-pill { display: inline-block; padding: 0 6px; border: 1px solid var(--cb-border); border-radius: 8px; font-size: 0.85em; color: var(--cb-muted); }
.cb-grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr)); gap: 12px; }
.cb-card { border: 1px solid var(--cb-border); padding: 6px 10px; border-radius: 3px; min-width: 0; display: flex; flex-direction: column; gap: 2px; }
.cb-card .cb-title code { overflow-wrap: anywhere; }
.cb-card > .cb-math, .cb-card > .cb-math-lines { padding: 1px 0 5px 12px; max-width: 100%; }
/* A block formula wraps after its operators; continued lines hang under the first. */
.cb-math.cb-math-wrap { padding-left: 1.5em; text-indent: -1.5em; }
.cb-card > .cb-math.cb-math-wrap { padding-left: calc(12px + 1.5em); }
.cb-scroll { overflow-x: auto; max-width: 100%; }
.cb-nowrap th, .cb-nowrap td { white-space: nowrap; }
/* VS Code styles scrollbars in the webview document only; these reach the ones in our shadow root. */
.cb-root::-webkit-scrollbar, .cb-root ::-webkit-scrollbar { width: 10px; height: 10px; }
.cb-root::-webkit-scrollbar-thumb, .cb-root ::-webkit-scrollbar-thumb { background: var(--vscode-scrollbarSlider-background, rgba(121, 121, 121, 0.4)); }
.cb-root::-webkit-scrollbar-thumb:hover, .cb-root ::-webkit-scrollbar-thumb:hover { background: var(--vscode-scrollbarSlider-hoverBackground, rgba(100, 100, 100, 0.7)); }
.cb-root::-webkit-scrollbar-corner, .cb-root ::-webkit-scrollbar-corner { background: transparent; }
.cb-ratio { font-size: 1.3em; font-weight: 600; }
.cb-form { display: grid; grid-template-columns: max-content 1fr; gap: 4px 10px; align-items: center; }
.cb-tabs { display: flex; gap: 2px; border-bottom: 1px solid var(--cb-border); margin-bottom: 8px; flex-wrap: wrap; }
.cb-tabs button { border-bottom: none; border-radius: 2px 2px 0 0; }
`;
