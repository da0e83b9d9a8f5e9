import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderText } from './text-renderer.js';
import { createConformantResults, createErrorResults, createNonConformantResults } from './test-support/sample-results.js';

describe('renderText', () => {
  it('summarises a non-conformant run, then every finding as file:line:col ID level: message, grouped by file, then a count', () => {
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
        'oci://registry.example.test/northstar/digitron:1.2.0 AR-002 fail: GET /v2/northstar/digitron/manifests/1.2.0 answered 200 with content-type application/json; expected application/vnd.oci.image.manifest.v1+json (AR-002).',
        'oci://registry.example.test/northstar/digitron:1.2.0 AR-007 error: GET /v2/northstar/digitron/blobs/sha256:41ab… got no response: connection reset after 10000 ms. Check the registry is reachable, then run again.',
        '',
        'oci://registry.example.test/northstar/digitron:1.2.0!/compose.yaml:4 PKG-020 indeterminate: ghcr.io/northstar/digitron-api:1.2.0 could not be resolved: registry answered 429 Too Many Requests three times. Retry later or pass --registry-auth.',
        '',
        'oci://registry.example.test/northstar/digitron:1.2.0!/margo.yaml:9 PKG-041 warning: metadata.catalog.application.icon is missing (PKG-041). Add a PNG or SVG icon to the package and reference it.',
        'oci://registry.example.test/northstar/digitron:1.2.0!/margo.yaml:14:13 PKG-008 fail: metadata.catalog.organization[0].name is "<script>alert(1)</script> & Co", which is not a plain name (PKG-008). Use the organization\'s display name.',
        'oci://registry.example.test/northstar/digitron:1.2.0!/margo.yaml:16 PKG-008 fail: metadata.catalog.organization[1] has no name (PKG-008). Give every organization a name.',
        '',
        '6 findings in 3 files: 3 fail, 1 warning, 1 error, 1 indeterminate',
      ].join('\n'),
    );
  });

  const cases = [
    { title: 'lists no finding for a conformant run', create: createConformantResults, problemLines: ['No findings'] },
    {
      title: 'lists run errors for an error verdict',
      create: createErrorResults,
      problemLines: [
        'example/wfm:dev DS-001 error: No container engine answered at /var/run/docker.sock. Start dockerd, or give a URL target instead of an image.',
        '✗ run error No container engine answered at /var/run/docker.sock. Start dockerd, or give a URL target instead of an image.',
        '1 finding in 1 file: 1 error; 1 run error',
      ],
    },
  ];
  for (const { title, create, problemLines } of cases) {
    it(title, () => {
      const lines = renderText(create(), { color: false }).split('\n');
      expect(lines.slice(7).filter(Boolean)).toEqual(problemLines);
    });
  }

  it('escapes control characters from the input and says "(draft)" once', () => {
    const results = createConformantResults();
    results.subject.location = 'evil\u001b[2J\u202e';
    results.profile = { id: 'compose-security', title: 'Compose security (draft)', draft: true };
    const text = renderText(results, { color: false });
    expect([text.includes('evil\\x1b[2J\\u202e'), /[\u001b\u202e]/.test(text), text.includes('Profile:  Compose security (draft)\n')]).toEqual([true, false, true]);
  });

  it('adds ANSI colours only when asked to', () => {
    const results = createNonConformantResults();
    expect([renderText(results, { color: false }).includes('\u001b['), renderText(results, { color: true }).includes('\u001b[')]).toEqual([false, true]);
  });

  it('says the same words with and without colour', () => {
    const results = createNonConformantResults();
    expect(stripVTControlCharacters(renderText(results, { color: true }))).toBe(renderText(results, { color: false }));
  });
});
