import { describe, expect, it } from 'vitest';
import { describeSignatureInput, type SignatureInputDescription } from './describe-signature-input.js';

describe('describeSignatureInput', () => {
  const cases: { name: string; header: string; expected: SignatureInputDescription[] }[] = [
    {
      name: 'our profile with alg',
      header: 'sig1=("@method" "@target-uri" "content-digest");created=1760000000;keyid="ab12";alg="rsa-pss-sha256"',
      expected: [{
        label: 'sig1',
        components: ['@method', '@target-uri', 'content-digest'],
        created: 1760000000,
        keyid: 'ab12',
        alg: 'rsa-pss-sha256',
        signatureParams: '("@method" "@target-uri" "content-digest");created=1760000000;keyid="ab12";alg="rsa-pss-sha256"',
      }],
    },
    {
      name: "Margo's example, upper case kept as sent",
      header: 'sig1=("@method" "@target-uri" "Content-Digest");created=1618884473;keyid="Key-Name"',
      expected: [{
        label: 'sig1',
        components: ['@method', '@target-uri', 'Content-Digest'],
        created: 1618884473,
        keyid: 'Key-Name',
        signatureParams: '("@method" "@target-uri" "Content-Digest");created=1618884473;keyid="Key-Name"',
      }],
    },
    {
      name: 'two signatures with component parameters, expires, nonce and tag',
      header: 'sig1=("@method");created=1, sig2=("content-digest";sf "@query-param";name="a");expires=5;nonce="n";tag="t"',
      expected: [
        { label: 'sig1', components: ['@method'], created: 1, signatureParams: '("@method");created=1' },
        {
          label: 'sig2',
          components: ['content-digest;sf', '@query-param;name="a"'],
          expires: 5,
          nonce: 'n',
          tag: 't',
          signatureParams: '("content-digest";sf "@query-param";name="a");expires=5;nonce="n";tag="t"',
        },
      ],
    },
  ];
  for (const { name, header, expected } of cases) {
    it(`describes ${name}`, () => {
      expect(describeSignatureInput(header)).toEqual(expected);
    });
  }

  const malformed: { name: string; header: string; message: string }[] = [
    { name: 'a value that is not a dictionary', header: '("@method")', message: 'Signature-Input "("@method")" is not an RFC 8941 dictionary (SIG-003). Send sig1=("@method" ...);created=...;keyid="...".' },
    { name: 'a member that is not an inner list', header: 'sig1="@method"', message: 'Signature-Input sig1 is not an inner list of components (SIG-003). Send sig1=("@method" "@target-uri" ...).' },
    { name: 'a component that is a token', header: 'sig1=(method)', message: 'Signature-Input sig1 covers method, which is not a quoted component name (SIG-003).' },
    { name: 'a created that is a string', header: 'sig1=("@method");created="now"', message: 'Signature-Input sig1 has created="now"; expected an integer of Unix seconds (SIG-003).' },
    { name: 'a keyid that is a token', header: 'sig1=("@method");keyid=abc', message: 'Signature-Input sig1 has keyid=abc; expected a quoted string (SIG-003).' },
  ];
  for (const { name, header, message } of malformed) {
    it(`rejects ${name}`, () => {
      expect(() => describeSignatureInput(header)).toThrow(message);
    });
  }
});
