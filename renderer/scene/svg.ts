// Serialises a Scene as standalone SVG (the "save frame as SVG" export). Every text goes through
// escapeXml, so names from a notebook stay text.

import { arrowHead } from './paint';
import type { Prim, Scene } from './scene';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function dashAttr(dash?: number[]): string {
  return dash && dash.length ? ` stroke-dasharray="${dash.map(num).join(' ')}"` : '';
}

export function sceneToSvg(scene: Scene, title = ''): string {
  const out: string[] = [];
  const hatches = new Map<string, string>();
  const body: string[] = [];
  for (const p of scene.prims) body.push(primToSvg(p, scene, hatches));
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${num(scene.width)}" height="${num(scene.height)}" viewBox="0 0 ${num(scene.width)} ${num(scene.height)}">`);
  if (title) out.push(`<title>${escapeXml(title)}</title>`);
  if (hatches.size) {
    out.push('<defs>');
    for (const [color, id] of hatches) {
      out.push(`<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 6 L6 0" stroke="${escapeXml(color)}" stroke-width="1"/></pattern>`);
    }
    out.push('</defs>');
  }
  out.push(`<rect x="0" y="0" width="${num(scene.width)}" height="${num(scene.height)}" fill="${escapeXml(scene.background)}"/>`);
  out.push(...body);
  out.push('</svg>');
  return out.join('\n');
}

function primToSvg(p: Prim, scene: Scene, hatches: Map<string, string>): string {
  switch (p.t) {
    case 'rect': {
      const parts: string[] = [];
      const geom = `x="${num(p.x)}" y="${num(p.y)}" width="${num(p.w)}" height="${num(p.h)}"`;
      if (p.fill) parts.push(`<rect ${geom} fill="${escapeXml(p.fill)}"/>`);
      if (p.hatch) {
        let id = hatches.get(p.hatch);
        if (!id) {
          id = `hatch${hatches.size}`;
          hatches.set(p.hatch, id);
        }
        parts.push(`<rect ${geom} fill="url(#${id})"/>`);
      }
      if (p.stroke) {
        const lw = p.lineWidth ?? 1;
        parts.push(`<rect x="${num(p.x + lw / 2)}" y="${num(p.y + lw / 2)}" width="${num(p.w - lw)}" height="${num(p.h - lw)}" fill="none" stroke="${escapeXml(p.stroke)}" stroke-width="${num(lw)}"${dashAttr(p.dash)}/>`);
      }
      return parts.join('');
    }
    case 'text': {
      const anchor = p.align === 'center' ? 'middle' : p.align === 'right' ? 'end' : 'start';
      const baseline = p.baseline === 'top' ? 'hanging' : p.baseline === 'bottom' ? 'alphabetic' : 'central';
      const family = p.mono ? scene.monoFamily : scene.fontFamily;
      return `<text x="${num(p.x)}" y="${num(p.y)}" fill="${escapeXml(p.color)}" font-size="${num(p.size)}" font-family="${escapeXml(family)}"${p.bold ? ' font-weight="600"' : ''} text-anchor="${anchor}" dominant-baseline="${baseline}">${escapeXml(p.text)}</text>`;
    }
    case 'line': {
      let s = `<line x1="${num(p.x1)}" y1="${num(p.y1)}" x2="${num(p.x2)}" y2="${num(p.y2)}" stroke="${escapeXml(p.stroke)}" stroke-width="${num(p.lineWidth ?? 1)}"${dashAttr(p.dash)}/>`;
      if (p.head) {
        const [a, b] = arrowHead(p.x1, p.y1, p.x2, p.y2, p.head);
        s += `<polygon points="${num(p.x2)},${num(p.y2)} ${num(a[0])},${num(a[1])} ${num(b[0])},${num(b[1])}" fill="${escapeXml(p.stroke)}"/>`;
      }
      return s;
    }
    case 'circle':
      return `<circle cx="${num(p.cx)}" cy="${num(p.cy)}" r="${num(p.r)}" fill="${p.fill ? escapeXml(p.fill) : 'none'}"${p.stroke ? ` stroke="${escapeXml(p.stroke)}" stroke-width="${num(p.lineWidth ?? 1)}"` : ''}${dashAttr(p.dash)}/>`;
    case 'image': {
      // Bitmaps become one rect per pixel run: exact, dependency-free and fine for display-sized planes.
      const cw = p.w / p.width;
      const ch = p.h / p.height;
      const rects: string[] = [];
      for (let y = 0; y < p.height; y++) {
        let x = 0;
        while (x < p.width) {
          const i = (y * p.width + x) * 4;
          const color = `rgb(${p.pixels[i]},${p.pixels[i + 1]},${p.pixels[i + 2]})`;
          let run = 1;
          while (x + run < p.width) {
            const j = (y * p.width + x + run) * 4;
            if (p.pixels[j] !== p.pixels[i] || p.pixels[j + 1] !== p.pixels[i + 1] || p.pixels[j + 2] !== p.pixels[i + 2]) break;
            run++;
          }
          rects.push(`<rect x="${num(p.x + x * cw)}" y="${num(p.y + y * ch)}" width="${num(run * cw)}" height="${num(ch)}" fill="${color}"/>`);
          x += run;
        }
      }
      return `<g opacity="${p.alpha ?? 1}">${rects.join('')}</g>`;
    }
  }
}
