import { parse, scenarioErrorOf } from './test-helpers';

const withRequest = (req: string): string => `name: t\ntarget: http://127.0.0.1:8080\nrequests:\n  - ${req}\nload: { model: open, rate: 1, duration: 1s }\n`;

describe('requests[].extract', () => {
  it('a token path; first chunk on by default, off on request; absent → no extract', () => {
    expect(parse(withRequest('{ name: g, extract: { tokens: $.usage.completion_tokens } }')).requests[0]?.extract)
      .toEqual({ tokens: '$.usage.completion_tokens', firstChunk: true });
    expect(parse(withRequest('{ name: g, extract: { tokens: "$.a", firstChunk: false } }')).requests[0]?.extract)
      .toEqual({ tokens: '$.a', firstChunk: false });
    expect(parse(withRequest('{ name: g, extract: {} }')).requests[0]?.extract).toEqual({ firstChunk: true });
    expect(parse(withRequest('{ name: g }')).requests[0]?.extract).toBeUndefined();
  });

  it('bad paths and unknown fields are errors at their field', () => {
    expect(scenarioErrorOf(() => parse(withRequest('{ name: g, extract: { tokens: usage.tokens } }'))).message)
      .toMatch(/requests\[0\]\.extract\.tokens: a JSON path starts with \$/);
    expect(scenarioErrorOf(() => parse(withRequest('{ name: g, extract: { tokens: "$.a[?(@.b)]" } }'))).message)
      .toMatch(/requests\[0\]\.extract\.tokens: filter and script expressions are not supported/);
    expect(scenarioErrorOf(() => parse(withRequest('{ name: g, extract: { token: $.a } }'))).message)
      .toMatch(/requests\[0\]\.extract.*unknown field.*did you mean "tokens"/);
  });
});
