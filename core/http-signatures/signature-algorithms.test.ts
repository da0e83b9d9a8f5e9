import { createPublicKey, verify } from 'node:crypto';
import { httpbis } from 'http-message-signatures';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_ALGORITHMS } from './signature-algorithms.js';

describe('SIGNATURE_ALGORITHMS', () => {
  it('lists the SIG-004 algorithms plus rsa-pss-sha512, each once', () => {
    expect(SIGNATURE_ALGORITHMS.map((row) => row.name)).toEqual([
      'ecdsa-p256-sha256',
      'ecdsa-p384-sha384',
      'rsa-v1_5-sha256',
      'rsa-pss-sha256',
      'rsa-pss-sha512',
    ]);
  });

  it('marks only rsa-pss-sha256 as a Margo addition (ambiguity 5)', () => {
    expect(SIGNATURE_ALGORITHMS.filter((row) => row.source === 'Margo').map((row) => row.name)).toEqual(['rsa-pss-sha256']);
  });

  // RFC 9421 Appendix B.2.4: test-key-ecc-p256 (Appendix B.1.3) over the test response.
  it('verifies the RFC 9421 B.2.4 ecdsa-p256-sha256 signature over a base the library rebuilds', () => {
    const key = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: 'qIVYZVLCrPZHGHjP17CTW0_-D9Lfw0EkjqF7xB4FivA', y: 'Mc4nN9LTDOBhfoUeg8Ye9WedFRhnZXZJA12Qp0zZ6F0' },
      format: 'jwk',
    });
    const response = {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'content-digest': 'sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:',
        'content-length': '23',
      },
    };
    const params = '("@status" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-ecc-p256"';
    const base = httpbis.formatSignatureBase([
      ...httpbis.createSignatureBase({ fields: ['@status', 'content-type', 'content-digest', 'content-length'] }, response),
      ['"@signature-params"', [params]],
    ]);
    expect(base).toBe([
      '"@status": 200',
      '"content-type": application/json',
      '"content-digest": sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:',
      '"content-length": 23',
      `"@signature-params": ${params}`,
    ].join('\n'));
    const row = SIGNATURE_ALGORITHMS.find((r) => r.name === 'ecdsa-p256-sha256')!;
    const signature = Buffer.from('wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==', 'base64');
    expect(verify(row.hash, Buffer.from(base), { key, ...row.options }, signature)).toBe(true);
  });
});
