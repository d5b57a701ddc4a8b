// Automated accessibility checks with axe-core. Serious and critical
// violations fail the test; the message lists each with its elements.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { gotoAndWaitForHydration } from './support';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

function describe(violations: AxeResults['violations']): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

for (const path of ['/', '/programs', '/no-such-page']) {
  test(`${path} has no serious or critical axe violations`, async ({ page }) => {
    await gotoAndWaitForHydration(page, path);
    const results = await new AxeBuilder({ page }).analyze();
    const blocking = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(blocking, `axe violations on ${path}:\n${describe(blocking)}`).toEqual([]);
  });
}
