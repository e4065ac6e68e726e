import { sampleSummary } from '../results/sample-summary';
import { reportHeader } from './report-header';

describe('report.html header', () => {
  it('the peak target the run reached, of the planned one when it ended early', () => {
    const s = sampleSummary();
    // A stress plan to 360/s stopped at its breaking point at step 3 (180/s).
    s.run.usersOrRate = 360;
    s.run.peakReached = 180;
    expect(reportHeader(s)).toContain('<dd class="sub">served 49/s · peak target 180/s of planned 360/s</dd>');
    s.run.peakReached = 360;
    expect(reportHeader(s)).toContain('<dd class="sub">served 49/s · peak target 360/s</dd>');
    // Results written before peakReached existed: the plan's peak, as before.
    delete s.run.peakReached;
    expect(reportHeader(s)).toContain('<dd class="sub">served 49/s · peak target 360/s</dd>');
  });
});
