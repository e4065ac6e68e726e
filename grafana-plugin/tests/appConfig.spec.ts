import { test, expect } from './fixtures';

test('saves the chosen Prometheus, Tempo and Loki data sources', async ({ appConfigPage, page }) => {
  await expect(page.getByText('Data sources')).toBeVisible();
  for (const kind of ['Prometheus', 'Tempo', 'Loki']) {
    await expect(page.getByText(kind, { exact: true })).toBeVisible();
  }
  const saveResponse = appConfigPage.waitForSettingsResponse();
  await page.getByRole('button', { name: /Save data sources/i }).click();
  await expect(saveResponse).toBeOK();
});
