import { describe, expect, it } from 'vitest';
import { describeUserAgent } from '../../src/user-agent.ts';

describe('a session’s device in words', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      { browser: 'Chrome 126', os: 'Windows 10', device: 'Computer' },
    ],
    [
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      { browser: 'Firefox 128', os: 'Ubuntu', device: 'Computer' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      { browser: 'Mobile Safari 17', os: 'iOS 17.4', device: 'Apple iPhone, phone' },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      { browser: 'Safari 17', os: 'Mac OS 10.15.7', device: 'Apple Macintosh' },
    ],
    // A client that is no browser keeps its own name.
    ['curl/8.5.0', { browser: 'curl/8.5.0', os: '', device: '' }],
  ])('reads %s', (header, expected) => {
    expect(describeUserAgent(header)).toEqual(expected);
  });

  it('says nothing for a session without the header', () => {
    expect(describeUserAgent(null)).toBeNull();
    expect(describeUserAgent('  ')).toBeNull();
  });
});
