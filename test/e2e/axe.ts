import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * Fluent UI's focus manager (tabster) inserts `<i data-tabster-dummy tabindex=0 aria-hidden>`
 * elements whose only job is to pass focus on at once; axe reports them as aria-hidden-focus.
 * Microsoft documents this as a known false positive and its own scanners drop it
 * (microsoft/tabster#288, microsoft/accessibility-insights-web#7605). Only those exact nodes are
 * dropped here; every other node of that rule, and every other rule, still counts.
 */
function isTabsterDummy(ruleId: string, html: string): boolean {
  return ruleId === 'aria-hidden-focus' && /^<i [^>]*data-tabster-dummy/.test(html);
}

/** Serious and critical axe-core findings on the page as it is now, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes
        .filter((node) => !isTabsterDummy(violation.id, node.html))
        .map((node) => `${violation.id}: ${violation.help} — ${node.html.slice(0, 160)}`),
    );
}
