/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import type { CallCenterWidget } from '../../src/call-center-widget.ts';
import { mount, part } from './helpers.ts';

/** sRGB channels 0..1 of a computed colour: rgb()/rgba(), color(srgb ...) (what color-mix computes to) or #hex. */
function channels(value: string): [number, number, number] {
  const v = value.trim();
  const hex = /^#([0-9a-f]{6})$/i.exec(v);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16) / 255) as [number, number, number];
  const rgb = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(v);
  if (rgb) return [Number(rgb[1]) / 255, Number(rgb[2]) / 255, Number(rgb[3]) / 255];
  const srgb = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(v);
  if (srgb) return [Number(srgb[1]), Number(srgb[2]), Number(srgb[3])];
  throw new Error(`cannot read colour ${v}`);
}

/** WCAG 2 contrast ratio. */
function contrast(a: string, b: string): number {
  const lum = (c: string): number => {
    const [r, g, bl] = channels(c).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function measure(el: CallCenterWidget): Record<string, number> {
  const style = (selector: string): CSSStyleDeclaration => getComputedStyle(part(el, selector));
  const root = style('.root');
  const surface = style('[part="panel"]').backgroundColor;
  const raised = root.getPropertyValue('--_raised');
  const probe = document.createElement('div');
  probe.style.color = raised;
  el.shadowRoot!.querySelector('.root')!.append(probe);
  const raisedColor = getComputedStyle(probe).color;
  probe.remove();
  return {
    'text on surface': contrast(style('.title').color, surface),
    'muted text on surface': contrast(style('.meta').color, surface),
    'text on agent bubble': contrast(style('.row.agent .bubble').color, raisedColor),
    'accent-contrast on accent (launcher, customer bubble, buttons)': contrast(style('[part="launcher"]').color, style('[part="launcher"]').backgroundColor),
    'accent (links, focus ring) on surface': contrast(root.getPropertyValue('--_accent'), surface),
    'danger text on surface': contrast(root.getPropertyValue('--_danger'), surface),
    'danger-contrast on danger (End call)': contrast(root.getPropertyValue('--_danger-contrast'), root.getPropertyValue('--_danger')),
    'input border on surface (UI)': contrast(style('[part="composer"] input').borderTopColor, surface),
  };
}

describe('<call-center-widget> default colours', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`meet WCAG AA in the ${theme} theme (text 4.5:1, UI 3:1)`, async () => {
      const el = await mount({ theme, open: true, greeting: 'Hello' });
      const ratios = measure(el);
      console.log(`${theme}: ${Object.entries(ratios).map(([k, v]) => `${k} ${v.toFixed(2)}:1`).join('; ')}`);
      for (const [what, ratio] of Object.entries(ratios)) {
        expect(ratio, what).to.be.at.least(what.includes('(UI)') ? 3 : 4.5);
      }
    });
  }
});
