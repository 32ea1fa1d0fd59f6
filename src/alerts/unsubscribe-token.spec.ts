import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe-token';

describe(verifyUnsubscribe.name, () => {
  const key = 'test-key';
  const token = signUnsubscribe(key, 'sub-1');

  it('accepts its own token', () => {
    expect(verifyUnsubscribe(key, token)).toBe('sub-1');
  });

  it.each([
    ['another subscription id', token.replace('sub-1', 'sub-2')],
    ['a changed signature', `${token.slice(0, -2)}AA`],
    ['a token signed with another key', signUnsubscribe('other-key', 'sub-1')],
    ['no signature', 'sub-1'],
    ['an empty id', token.slice(token.indexOf('.'))],
    ['garbage', '%%%'],
    ['a number', 42],
    ['a very long token', `${'x'.repeat(300)}.${token}`],
  ])('refuses %s', (_, forged) => {
    expect(verifyUnsubscribe(key, forged)).toBeNull();
  });
});

describe('unsubscribe tokens altered by a character', () => {
  const key = 'test-key';
  const token = signUnsubscribe(key, 'sub-1');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  it('refuses every other last character', () => {
    for (const c of alphabet) {
      if (c === token.at(-1)) continue;
      expect(verifyUnsubscribe(key, `${token.slice(0, -1)}${c}`)).toBeNull();
    }
  });

  it.each(['=', '==', '!!', '%', ' ', '.', 'A'])('refuses the token with %j appended', (suffix) => {
    expect(verifyUnsubscribe(key, `${token}${suffix}`)).toBeNull();
  });
});
