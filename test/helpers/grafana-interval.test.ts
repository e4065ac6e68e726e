import { grafanaRateInterval } from './grafana-interval';

describe('grafanaRateInterval (Grafana\'s documented $__rate_interval)', () => {
  it.each([
    [5, '5s', '20s'], // the provisioned data source at 5 s steps: 4 scrapes
    [60, '5s', '65s'], // a long range: one step plus one scrape
    [15, '15s', '60s'],
    [5, '500ms', '5.5s'],
  ])('step %ss, scrape %s → %s', (step, scrape, expected) => {
    expect(grafanaRateInterval(step, scrape)).toBe(expected);
  });
});
