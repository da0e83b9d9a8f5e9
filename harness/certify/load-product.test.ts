import { describe, expect, it } from 'vitest';
import { parseProductDeclaration } from './load-product.js';

const base = 'vendor: Example Labs\nproduct: Edge Box\nversion: 1.0.0\nprofile: device-compose\nedition: 1.0.0-rc.3\nfeatures: [gateway]\ncontact: cert@example.test\n';

describe('parseProductDeclaration', () => {
  it('reads a valid declaration', () => {
    expect(parseProductDeclaration(base, 'product.yaml')).toEqual({ vendor: 'Example Labs', product: 'Edge Box', version: '1.0.0', profile: 'device-compose', edition: '1.0.0-rc.3', features: ['gateway'], contact: 'cert@example.test' });
  });
  const cases = [
    { title: 'a missing vendor', source: base.replace('vendor: Example Labs\n', ''), error: "product.yaml:1 /: must have required property 'vendor'. Fix the product declaration (harness/certify/product.schema.json)." },
    { title: 'an unknown key', source: `${base}price: 3\n`, error: 'product.yaml:1 /: unknown key "price". Fix the product declaration (harness/certify/product.schema.json).' },
    { title: 'an unknown feature', source: base.replace('[gateway]', '[teleport]'), error: 'product.yaml /features: unknown feature "teleport"; use gateway, trust-bundle-api.' },
    { title: 'a feature of another edition', source: base.replace('1.0.0-rc.3', 'preview-1'), error: 'product.yaml /features: feature "gateway" exists only in 1.0.0-rc.3, not in preview-1.' },
  ];
  for (const { title, source, error } of cases) {
    it(`refuses ${title} with one line`, () => {
      expect(() => parseProductDeclaration(source, 'product.yaml')).toThrow(error);
    });
  }
});
