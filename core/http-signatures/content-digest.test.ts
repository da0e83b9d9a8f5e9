import { describe, expect, it } from 'vitest';
import { contentDigest } from './content-digest.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('contentDigest', () => {
  const cases: { name: string; body: Uint8Array; expected: string }[] = [
    { name: 'an empty body', body: new Uint8Array(0), expected: 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:' },
    // RFC 9530 §2 example body.
    { name: 'the RFC 9530 example body', body: text('{"hello": "world"}'), expected: 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:' },
  ];
  for (const { name, body, expected } of cases) {
    it(`hashes ${name} as RFC 9530 sha-256`, () => {
      expect(contentDigest(body)).toBe(expected);
    });
  }

  it('hashes the raw bytes, not their base64 (ambiguity 7)', () => {
    const body = text('{"hello": "world"}');
    expect(contentDigest(body)).not.toBe(contentDigest(text(Buffer.from(body).toString('base64'))));
  });
});
