// Markdown and plain-text fallbacks for convbook's rich payloads, so a notebook opened outside
// VS Code (GitHub, Jupyter, the CLI's output) still reads well.

import type { ComparisonPayload, DeformPayload, FormulaPayload, LayerCost, ReceptiveFieldPayload, SummaryPayload, SweepPayload, WindowConfig } from '../../contract';

/** A count with thousands separators: 1,234,567. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function shape(values: readonly number[]): string {
  return `[${values.join(', ')}]`;
}

function cross(values: readonly number[]): string {
  return values.join('×');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function windowConfigText(c: WindowConfig): string {
  const parts = [`input ${cross(c.inputSize)}`, `kernel ${cross(c.kernelSize)}`, `stride ${cross(c.stride)}`];
  const symmetric = c.padBefore.every((p, i) => p === c.padAfter[i]);
  parts.push(symmetric ? `padding ${cross(c.padBefore)}` : `padding ${cross(c.padBefore)} before / ${cross(c.padAfter)} after`);
  if (c.dilation.some((d) => d !== 1)) parts.push(`dilation ${cross(c.dilation)}`);
  if (c.outputPadding.some((p) => p !== 0)) parts.push(`output_padding ${cross(c.outputPadding)}`);
  if (c.paddingMode !== 'zeros') parts.push(`padding_mode '${c.paddingMode}'`);
  if (c.ceilMode) parts.push('ceil_mode');
  return `${parts.join(', ')} → output ${cross(c.outputSize)}`;
}

export function sweepText(p: SweepPayload): string {
  const lines = [`${p.title}: ${p.config.kind.replace('_', ' ')} sweep — ${windowConfigText(p.config)}`, ...p.notes];
  return lines.join('\n');
}

export function sweepMarkdown(p: SweepPayload): string {
  return [`**Sliding window** \`${p.title}\``, '', windowConfigText(p.config), '', ...p.notes.map((n) => `- ${n}`)].join('\n');
}

export function deformText(p: DeformPayload): string {
  return [`${p.title}: deformable sampling — ${windowConfigText(p.config)}`, ...p.notes].join('\n');
}

export function deformMarkdown(p: DeformPayload): string {
  return [`**Deformable sampling** \`${p.title}\``, '', windowConfigText(p.config), '', ...p.notes.map((n) => `- ${n}`)].join('\n');
}

export function formulaText(p: FormulaPayload): string {
  const lines = [p.layer];
  if (p.inputShape && p.outputShape) lines.push(`input ${shape(p.inputShape)} → output ${shape(p.outputShape)}`);
  for (const axis of p.outputSize ?? []) lines.push(`${axis.axis}: ${axis.substituted.text}`);
  if (p.params) lines.push(`params: ${p.params.formula.text}`);
  if (p.flops) lines.push(`MACs: ${formatCount(p.flops.macs)} (${p.flops.formula.text})`);
  for (const lib of p.libraries ?? []) lines.push(`  ${lib.library}: ${formatCount(lib.value)} ${lib.label}`);
  lines.push(...p.notes.map((n) => `note: ${n}`));
  return lines.join('\n');
}

export function formulaMarkdown(p: FormulaPayload): string {
  const lines = [`**${p.title}** \`${p.layer}\``, ''];
  if (p.inputShape && p.outputShape) lines.push(`input \`${shape(p.inputShape)}\` → output \`${shape(p.outputShape)}\``, '');
  for (const axis of p.outputSize ?? []) {
    lines.push(`- ${axis.axis}: $${axis.general.latex}$ = $${axis.substituted.latex}$`);
    for (const w of axis.warnings) lines.push(`  - ⚠ ${w}`);
  }
  if (p.params) lines.push(`- parameters: $${p.params.formula.latex}$`);
  if (p.flops) lines.push(`- MACs: ${formatCount(p.flops.macs)} — $${p.flops.formula.latex}$`);
  if (p.libraries?.length) {
    lines.push('', '| library | value | label | note |', '| --- | ---: | --- | --- |');
    for (const lib of p.libraries) lines.push(`| ${lib.library} | ${formatCount(lib.value)} | ${escapeCell(lib.label)} | ${escapeCell(lib.note)} |`);
  }
  if (p.notes.length) lines.push('', ...p.notes.map((n) => `> ${n}`));
  return lines.join('\n');
}

export function summaryText(p: SummaryPayload): string {
  const header = ['layer', 'output shape', 'params', 'MACs', 'RF'];
  const rows = p.layers.map((r) => [`${r.name} ${r.layer}`, shape(r.output_shape), formatCount(r.params), formatCount(r.macs), r.receptive_field ? cross(r.receptive_field) : '—']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `input ${shape(p.input_shape)}`,
    line(header),
    ...rows.map(line),
    `total params: ${formatCount(p.total_params)}`,
    ...(p.total_trainable_params !== undefined ? [`trainable params: ${formatCount(p.total_trainable_params)}`] : []),
    `total MACs: ${formatCount(p.total_macs)}`,
  ].join('\n');
}

export function summaryMarkdown(p: SummaryPayload): string {
  const lines = [`**${p.title}** — input \`${shape(p.input_shape)}\``, '', '| # | layer | output shape | params | MACs | receptive field |', '| --- | --- | --- | ---: | ---: | --- |'];
  for (const r of p.layers) {
    lines.push(`| ${escapeCell(r.name)} | \`${escapeCell(r.layer)}\` | ${shape(r.output_shape)} | ${formatCount(r.params)} | ${formatCount(r.macs)} | ${r.receptive_field ? cross(r.receptive_field) : '—'} |`);
  }
  lines.push('', `Total params: **${formatCount(p.total_params)}**, total MACs: **${formatCount(p.total_macs)}**`);
  if (p.notes.length) lines.push('', ...p.notes.map((n) => `> ${n}`));
  return lines.join('\n');
}

export function receptiveFieldText(p: ReceptiveFieldPayload): string {
  const lines = p.rows.map((r) => `${r.name}: k ${cross(r.kernel)}, s ${cross(r.stride)}, p ${cross(r.padding)} → RF ${cross(r.receptiveField)}, stride ${cross(r.effectiveStride)}`);
  lines.push(`receptive field ${cross(p.receptive_field)}, effective stride ${cross(p.effective_stride)}, effective padding ${cross(p.effective_padding)}`);
  for (const r of p.recursion) lines.push(r.formula.text);
  if (p.span) lines.push(`output ${shape(p.span.outputIndex)} reads input ${shape(p.span.start)}…${shape(p.span.end)}`);
  return lines.join('\n');
}

export function receptiveFieldMarkdown(p: ReceptiveFieldPayload): string {
  const lines = [`**${p.title}**`, '', '| layer | kernel | stride | padding | RF | effective stride |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of p.rows) lines.push(`| ${escapeCell(r.name)} | ${cross(r.kernel)} | ${cross(r.stride)} | ${cross(r.padding)} | ${cross(r.receptiveField)} | ${cross(r.effectiveStride)} |`);
  lines.push('', `Receptive field **${cross(p.receptive_field)}**, effective stride ${cross(p.effective_stride)}, effective padding ${cross(p.effective_padding)}`);
  if (p.recursion.length) lines.push('', ...p.recursion.map((r) => `- $${r.formula.latex}$`));
  if (p.span) lines.push('', `Output ${shape(p.span.outputIndex)} reads input cells ${shape(p.span.start)} to ${shape(p.span.end)}.`);
  if (p.notes.length) lines.push('', ...p.notes.map((n) => `> ${n}`));
  return lines.join('\n');
}

function costRow(c: LayerCost): string {
  return `| ${escapeCell(c.name)} | ${formatCount(c.params.total)} | ${formatCount(c.flops.multiplications)} | ${shape(c.outputShape)} |`;
}

export function comparisonText(p: ComparisonPayload): string {
  return [
    p.title,
    `A ${p.a.name}: ${formatCount(p.a.params.total)} params, ${formatCount(p.a.flops.multiplications)} multiplications, output ${shape(p.a.outputShape)}`,
    `B ${p.b.name}: ${formatCount(p.b.params.total)} params, ${formatCount(p.b.flops.multiplications)} multiplications, output ${shape(p.b.outputShape)}`,
    `B/A: params ${p.paramRatio.toFixed(4)}, multiplications ${p.flopRatio.toFixed(4)}`,
    ...(p.ratioFormula ? [p.ratioFormula.text] : []),
  ].join('\n');
}

export function comparisonMarkdown(p: ComparisonPayload): string {
  const lines = [`**${p.title}**`, '', '| | params | multiplications | output |', '| --- | ---: | ---: | --- |', costRow({ ...p.a, name: `A: ${p.a.name}` })];
  for (const part of p.a.parts ?? []) lines.push(costRow({ ...part, name: `  ${part.name}` }));
  lines.push(costRow({ ...p.b, name: `B: ${p.b.name}` }));
  for (const part of p.b.parts ?? []) lines.push(costRow({ ...part, name: `  ${part.name}` }));
  lines.push('', `B/A: params **${p.paramRatio.toFixed(4)}**, multiplications **${p.flopRatio.toFixed(4)}**`);
  if (p.ratioFormula) lines.push('', `$${p.ratioFormula.latex}$`);
  if (p.notes.length) lines.push('', ...p.notes.map((n) => `> ${n}`));
  return lines.join('\n');
}
