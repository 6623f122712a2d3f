import { describe, expect, it } from 'vitest';
import { redactUrlPassword } from '../../src/util/index.js';

describe('redactUrlPassword', () => {
  it('masks the password of every URL in a text and leaves the rest as it is', () => {
    expect(redactUrlPassword('source "mqtt://panel:hunter2@10.0.0.2:1883/home/#": port')).toBe(
      'source "mqtt://panel:***@10.0.0.2:1883/home/#": port',
    );
    expect(redactUrlPassword('a wss://u:p@x/y and http://v:q@z')).toBe(
      'a wss://u:***@x/y and http://v:***@z',
    );
  });

  it('leaves URLs without a password alone: a user alone, a port, no credentials', () => {
    for (const text of ['mqtt://panel@host/t', 'mqtt://127.0.0.1:1883/t', 'file:a:b@c', 'no url here'])
      expect(redactUrlPassword(text)).toBe(text);
  });
});
