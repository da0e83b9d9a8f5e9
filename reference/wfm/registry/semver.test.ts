import { describe, expect, it } from 'vitest';
import { compareVersions, newestVersion } from './semver.js';

describe('newestVersion', () => {
  it.each([
    { title: 'SemVer order, not lexical order', tags: ['1.10.0', '1.2.0', '1.9.0'], newest: '1.10.0' },
    { title: 'moving tags are no version', tags: ['0.9.0', '1.0.0', 'latest', 'stable'], newest: '1.0.0' },
    { title: 'a release over a higher pre-release', tags: ['2.4.1', '2.5.0-rc.1'], newest: '2.4.1' },
    { title: 'the highest pre-release when there is no release', tags: ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.2', '1.0.0-beta.11'], newest: '1.0.0-beta.11' },
    { title: 'numbers past double precision', tags: ['1.0.90071992547409910', '1.0.90071992547409911'], newest: '1.0.90071992547409911' },
    { title: 'leading zeros are no SemVer', tags: ['01.0.0', '0.1.0'], newest: '0.1.0' },
    { title: 'nothing without a version tag', tags: ['latest'], newest: undefined },
  ])('$title', ({ tags, newest }) => {
    expect(newestVersion(tags)).toBe(newest);
  });

  it('orders pre-releases as SemVer section 11 does', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    expect([...ordered].reverse().sort(compareVersions)).toEqual(ordered);
  });
});
