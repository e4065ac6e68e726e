import { test, expect } from './fixtures';
import { ROUTES } from '../src/constants';

test.describe('ScaleTrace app pages', () => {
  test('Runs lists load-test runs (or says there are none)', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Runs}`);
    await expect(page.getByText('Load-test runs').first()).toBeVisible();
  });

  test('Run of one run shows the correlated panels and the failed requests', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Run}/e2e-run`);
    for (const title of [
      'Target vs achieved RPS',
      'Latency p50 / p95 / p99',
      'Errors by error.type',
      'Replicas per HPA',
    ]) {
      await expect(page.getByText(title)).toBeVisible();
    }
    await expect(page.getByText('Failed requests')).toBeVisible();
  });

  test('Scaling offers to create the alert rules', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Scaling}`);
    await expect(page.getByRole('button', { name: 'Create alert rules' })).toBeVisible();
  });
});
