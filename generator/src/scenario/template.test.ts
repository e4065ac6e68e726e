import { compileTemplate, TemplateError } from './template';

const ctx = { vu: 7, iteration: 42 };

describe('compileTemplate', () => {
  it('renders vu and iteration', () => {
    expect(compileTemplate('/x/${vu}/${iteration}')(ctx)).toBe('/x/7/42');
    expect(compileTemplate('${vu}')(ctx)).toBe('7');
    expect(compileTemplate('${ iteration }!')(ctx)).toBe('42!');
  });

  it('renders a fresh uuid per call', () => {
    const t = compileTemplate('id=${uuid}');
    const a = t(ctx);
    expect(a).toMatch(/^id=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(t(ctx)).not.toBe(a);
  });

  it('randomInt is inclusive at both ends and stays in range', () => {
    const t = compileTemplate('${randomInt(1,3)}');
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(t(ctx));
    expect([...seen].sort()).toEqual(['1', '2', '3']);
    const neg = compileTemplate('${randomInt(-2, -2)}');
    expect(neg(ctx)).toBe('-2');
  });

  it('reads env at compile time and rejects an unset variable', () => {
    process.env.SCALETRACE_TEMPLATE_TEST = 'tok';
    const t = compileTemplate('Bearer ${env.SCALETRACE_TEMPLATE_TEST}');
    process.env.SCALETRACE_TEMPLATE_TEST = 'changed';
    expect(t(ctx)).toBe('Bearer tok');
    delete process.env.SCALETRACE_TEMPLATE_TEST;
    expect(() => compileTemplate('${env.SCALETRACE_TEMPLATE_TEST}')).toThrow(/SCALETRACE_TEMPLATE_TEST is not set/);
  });

  it('$${ writes a literal ${', () => {
    expect(compileTemplate('a$${vu}b')(ctx)).toBe('a${vu}b');
    expect(compileTemplate('$${vu}=${vu}')(ctx)).toBe('${vu}=7');
  });

  it('handles more expressions than the unrolled cases', () => {
    expect(compileTemplate('${vu}-${iteration}-${vu}-${iteration}-${vu}.')(ctx)).toBe('7-42-7-42-7.');
  });

  it('returns a constant function for text without templates', () => {
    const t = compileTemplate('/health');
    expect(t(ctx)).toBe('/health');
    expect(compileTemplate('')(ctx)).toBe('');
  });

  it.each([
    ['${nope}', /unknown template expression \$\{nope\}/],
    ['${randomInt(1)}', /unknown template expression/],
    ['${randomInt(5,1)}', /upper bound is below/],
    ['/a/${vu', /unterminated/],
    ['${env.1BAD}', /unknown template expression/],
  ])('rejects %j', (src, message) => {
    expect(() => compileTemplate(src)).toThrow(TemplateError);
    expect(() => compileTemplate(src)).toThrow(message);
  });
});
