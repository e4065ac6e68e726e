import { MAX_TAGS, tagAttributes } from './tag-attributes';

describe('tagAttributes', () => {
  it('loadtest.tag.KEY per tag, computed once per tags object, at most MAX_TAGS', () => {
    const tags = { b: '2', a: '1' };
    const t = tagAttributes(tags);
    expect(t.attributes).toEqual({ 'loadtest.tag.a': '1', 'loadtest.tag.b': '2' });
    expect(tagAttributes(tags)).toBe(t);
    // Same content, another object: the same series key.
    expect(tagAttributes({ a: '1', b: '2' }).key).toBe(t.key);
    expect(tagAttributes({ a: '1', b: '3' }).key).not.toBe(t.key);
    expect(tagAttributes(undefined)).toEqual({ attributes: {}, key: '' });
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']));
    expect(Object.keys(tagAttributes(many).attributes)).toHaveLength(MAX_TAGS);
  });
});
