import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderText } from './text-renderer.js';
import { createConformantResults, createErrorResults, createNonConformantResults } from './test-support/sample-results.js';

describe('renderText', () => {
  it('summarises a non-conformant run with one line per core failure or error and per warning', () => {
    expect(renderText(createNonConformantResults(), { color: false })).toBe(
      [
        'NON-CONFORMANT 2 core requirements failed (AR-002, PKG-008); 1 error and 1 indeterminate also need attention.',
        'Subject:  oci://registry.example.test/northstar/digitron:1.2.0 (digitron 1.2.0)',
        'Edition:  Margo 1.0.0-rc.3 (mutual TLS with SPIFFE X.509-SVIDs)',
        'Profile:  Application package',
        'Core:     2 passed, 2 failed, 1 error, 1 indeterminate, 0 waived, 1 skipped, 1 not covered',
        'Extended: 0 passed, 1 warning, 0 errors, 0 indeterminate, 0 waived, 0 skipped, 1 not covered',
        'Duration: 13.1 s',
        '',
        '✗ AR-002 GET /v2/northstar/digitron/manifests/1.2.0 answered 200 with content-type application/json; expected application/vnd.oci.image.manifest.v1+json (AR-002).',
        '✗ AR-007 GET /v2/northstar/digitron/blobs/sha256:41ab… got no response: connection reset after 10000 ms. Check the registry is reachable, then run again.',
        '✗ PKG-008 margo.yaml: metadata.catalog.organization[0].name is "<script>alert(1)</script> & Co", which is not a plain name (PKG-008). Use the organization\'s display name.',
        '',
        '! PKG-041 margo.yaml: metadata.catalog.application.icon is missing (PKG-041). Add a PNG or SVG icon to the package and reference it.',
      ].join('\n'),
    );
  });

  const cases = [
    { title: 'lists nothing below the counts for a conformant run', create: createConformantResults, problemLines: [] },
    {
      title: 'lists run errors for an error verdict',
      create: createErrorResults,
      problemLines: [
        '✗ DS-001 No container engine answered at /var/run/docker.sock. Start dockerd, or give a URL target instead of an image.',
        '✗ run error No container engine answered at /var/run/docker.sock. Start dockerd, or give a URL target instead of an image.',
      ],
    },
  ];
  for (const { title, create, problemLines } of cases) {
    it(title, () => {
      const lines = renderText(create(), { color: false }).split('\n');
      expect(lines.slice(7).filter(Boolean)).toEqual(problemLines);
    });
  }

  it('adds ANSI colours only when asked to', () => {
    const results = createNonConformantResults();
    expect([renderText(results, { color: false }).includes('\u001b['), renderText(results, { color: true }).includes('\u001b[')]).toEqual([false, true]);
  });

  it('says the same words with and without colour', () => {
    const results = createNonConformantResults();
    expect(stripVTControlCharacters(renderText(results, { color: true }))).toBe(renderText(results, { color: false }));
  });
});
