import { createLightTheme, type BrandVariants, type Theme } from '@fluentui/react-components';

/** A sea-green brand ramp; shades 70 and 80 keep ≥ 4.5:1 contrast against white. */
const nordjyskBrand: BrandVariants = {
  10: '#020605',
  20: '#0C1F1C',
  30: '#0F332E',
  40: '#10423B',
  50: '#105248',
  60: '#0F6256',
  70: '#0B7264',
  80: '#048373',
  90: '#2A917F',
  100: '#479F8C',
  110: '#61AD9A',
  120: '#7ABBA8',
  130: '#93C9B6',
  140: '#ADD6C5',
  150: '#C7E4D5',
  160: '#E1F1E6',
};

export const workbenchTheme: Theme = {
  ...createLightTheme(nordjyskBrand),
  colorBrandForeground1: nordjyskBrand[70],
  colorBrandForegroundLink: nordjyskBrand[70],
};
