import { describe, expect, it } from 'vitest';
import { publishedPorts } from './ports.js';
import { serviceMounts } from './volumes.js';
import { loadCompose } from './load-compose.js';

describe('loadCompose', () => {
  it('resolves merge keys with local keys winning', () => {
    const project = loadCompose({ file: 'compose.yaml', text: 'x-a: &a {user: root, read_only: true}\nservices:\n  s:\n    <<: *a\n    user: "1000"\n    image: i:1\n' });
    expect(project.services[0]?.config).toEqual({ user: '1000', read_only: true, image: 'i:1' });
  });

  it('follows extends in the same file and in another project file, unioning lists', () => {
    const files: Record<string, string> = { 'base/common.yaml': 'services:\n  hardened:\n    cap_drop: [ALL]\n    cap_add: [CHOWN]\n' };
    const project = loadCompose({
      file: 'compose.yaml',
      text: 'services:\n  mid:\n    extends: {file: base/common.yaml, service: hardened}\n    cap_add: [KILL]\n  top:\n    extends: mid\n    image: i:1\n',
      read: (path) => files[path],
    });
    expect(project.problems).toEqual([]);
    expect(project.services.find((s) => s.name === 'top')?.config).toEqual({ cap_drop: ['ALL'], cap_add: ['CHOWN', 'KILL'], image: 'i:1' });
    expect(project.services.find((s) => s.name === 'top')?.origins.map((o) => `${o.file}#${o.service}`)).toEqual(['compose.yaml#top', 'compose.yaml#mid', 'base/common.yaml#hardened']);
  });

  it.each([
    ['../outside.yaml', 'leaves the project directory'],
    ['/etc/compose.yaml', 'leaves the project directory'],
    ['missing.yaml', 'is not in the project'],
  ])('refuses extends.file %s without reading it', (file, says) => {
    const read = (path: string) => {
      throw new Error(`read ${path}`);
    };
    const project = loadCompose({ file: 'compose.yaml', text: `services:\n  s:\n    extends: {file: "${file}", service: b}\n`, read: file === 'missing.yaml' ? () => undefined : read });
    expect(project.problems.map((p) => p.message)).toEqual([`extends.file "${file}" ${says}; not followed`]);
  });

  it('reports an extends cycle instead of looping', () => {
    const project = loadCompose({ file: 'compose.yaml', text: 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' });
    expect(project.problems.map((p) => p.message)).toContain('services.a.extends forms a cycle or a chain deeper than 10');
  });

  it('records unset variables per service pointer, list environment moved to its key', () => {
    const project = loadCompose({ file: 'compose.yaml', text: 'services:\n  s:\n    user: ${UID}\n    environment: ["A=${A}", "B=b"]\n' });
    expect([...(project.services[0]?.unresolved ?? [])]).toEqual([['/user', ['UID']], ['/environment/A', ['A']]]);
  });
});

describe('ports and volumes', () => {
  it.each([
    ['"8080"', { target: '8080' }],
    ['"8080:80"', { published: '8080', target: '80' }],
    ['"127.0.0.1:8080:80/udp"', { hostIp: '127.0.0.1', published: '8080', target: '80' }],
    ['"[::1]:8080:80"', { hostIp: '::1', published: '8080', target: '80' }],
    ['{target: 80, published: "8000-8010", host_ip: 10.0.0.2}', { hostIp: '10.0.0.2', published: '8000-8010', target: '80' }],
  ])('parses the port %s', (port, expected) => {
    const project = loadCompose({ file: 'c.yaml', text: `services:\n  s:\n    ports: [${port}]\n` });
    expect(publishedPorts(project.services[0]?.config ?? {})).toEqual([{ ...expected, pointer: '/ports/0' }]);
  });

  it.each([
    ['./data:/data', 'bind', './data'],
    ['~/data:/data', 'bind', '~/data'],
    ['/srv:/srv:ro', 'bind', '/srv'],
    ['named:/data', 'volume', 'named'],
    ['{type: bind, source: /opt, target: /opt}', 'bind', '/opt'],
  ])('classifies the volume %s', (volume, type, source) => {
    const project = loadCompose({ file: 'c.yaml', text: `services:\n  s:\n    volumes: ["${volume}"]\n`.replace(/\["(\{.*\})"\]/, '[$1]') });
    expect(serviceMounts(project.services[0]?.config ?? {}, {})[0]).toMatchObject({ type, source });
  });
});
