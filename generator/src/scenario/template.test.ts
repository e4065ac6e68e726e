import { compileTemplate, templateReferences, TemplateError } from './template';

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
    ['${data.users}', /unknown template expression \$\{data\.users\} \(known: .*\$\{data\.SOURCE\.FIELD\}, \$\{vars\.NAME\}\)/],
    ['${data.users.a.b}', /unknown template expression/],
    ['${vars.a-b}', /unknown template expression/],
  ])('rejects %j', (src, message) => {
    expect(() => compileTemplate(src)).toThrow(TemplateError);
    expect(() => compileTemplate(src)).toThrow(message);
  });
});

describe('data and vars', () => {
  const row = { users: { email: 'a@x.io', 'user-id': 'u1' }, prompts: { id: '9' } };
  const full = { vu: 1, iteration: 2, data: row, vars: { token: 'tk', session: 's1' } };

  it('renders the drawn row and captured vars', () => {
    expect(compileTemplate('/cart?prompt=${data.prompts.id}')(full)).toBe('/cart?prompt=9');
    expect(compileTemplate('Bearer ${vars.token}')(full)).toBe('Bearer tk');
    expect(compileTemplate('${data.users.email}:${data.users.user-id}:${vars.session}:${vu}')(full)).toBe('a@x.io:u1:s1:1');
  });

  it('a missing row, field or var renders empty (the engine skips steps after a failed capture)', () => {
    expect(compileTemplate('[${data.users.email}|${vars.token}]')(ctx)).toBe('[|]');
    expect(compileTemplate('[${data.users.phone}|${data.nope.x}|${vars.nope}]')(full)).toBe('[||]');
  });

  it('reads the context on each call (compiled once, rendered per iteration)', () => {
    const t = compileTemplate('${data.users.email}');
    expect(t({ ...ctx, data: { users: { email: 'one' } } })).toBe('one');
    expect(t({ ...ctx, data: { users: { email: 'two' } } })).toBe('two');
  });

  it('escape json: values become JSON string content, literals stay as written', () => {
    const body = JSON.stringify({ user: '${data.users.email}', note: 'x ${vars.token}', env: '${env.SCALETRACE_TEMPLATE_JSON}' });
    process.env.SCALETRACE_TEMPLATE_JSON = 'a"b';
    const t = compileTemplate(body, { escape: 'json' });
    delete process.env.SCALETRACE_TEMPLATE_JSON;
    const rendered = t({ ...ctx, data: { users: { email: 'say "hi"\\\n' } }, vars: { token: 'line1\nline2' } });
    expect(JSON.parse(rendered)).toEqual({ user: 'say "hi"\\\n', note: 'x line1\nline2', env: 'a"b' });
    // Without the option the text is inserted as is.
    expect(compileTemplate('${vars.token}')({ ...ctx, vars: { token: 'a"b' } })).toBe('a"b');
  });
});

describe('templateReferences', () => {
  it('lists data and vars references in order, skipping other expressions and literals', () => {
    expect(templateReferences('/u/${data.users.email}?t=${vars.token}&v=${vu}&x=$${data.no.no}&p=${ data.prompts.id }&s=${vars.session}'))
      .toEqual({ data: [{ source: 'users', field: 'email' }, { source: 'prompts', field: 'id' }], vars: ['token', 'session'] });
    expect(templateReferences('/plain')).toEqual({ data: [], vars: [] });
  });
});
