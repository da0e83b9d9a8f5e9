import { describe, expect, it } from 'vitest';
import { parseContainerFlags, type ContainerFlags } from './container-flags.js';

describe('parseContainerFlags', () => {
  const accepted: Array<{ name: string; flags: ContainerFlags; subject: 'wfm' | 'device'; expected: unknown }> = [
    { name: 'maps an image alone to log readiness and no extra environment', flags: { image: 'margo-reference-wfm:local' }, subject: 'wfm', expected: { image: 'margo-reference-wfm:local', env: {}, readiness: { kind: 'log' } } },
    {
      name: 'maps repeated --sut-env to variables, keeping "=" inside values and empty values',
      flags: { image: 'acme/wfm:1.2', env: ['LOG_LEVEL=debug', 'DSN=a=b', 'EMPTY='] },
      subject: 'wfm',
      expected: { image: 'acme/wfm:1.2', env: { LOG_LEVEL: 'debug', DSN: 'a=b', EMPTY: '' }, readiness: { kind: 'log' } },
    },
    { name: 'maps --sut-port and https readiness with a path', flags: { image: 'registry.example:5000/acme/wfm@sha256:' + 'a'.repeat(64), port: '8443', ready: 'https:/.well-known/margo', readyTimeout: '60000' }, subject: 'wfm', expected: { image: 'registry.example:5000/acme/wfm@sha256:' + 'a'.repeat(64), env: {}, port: 8443, readiness: { kind: 'https', path: '/.well-known/margo' }, readyTimeoutMs: 60000 } },
    { name: 'maps port readiness', flags: { image: 'w', ready: 'port' }, subject: 'wfm', expected: { image: 'w', env: {}, readiness: { kind: 'port' } } },
    { name: 'maps a log pattern to a regular expression for a device', flags: { image: 'acme/device', ready: 'log:client started' }, subject: 'device', expected: { image: 'acme/device', env: {}, readiness: { kind: 'log', pattern: /client started/ } } },
  ];
  it.each(accepted)('$name', ({ flags, subject, expected }) => {
    expect(parseContainerFlags(flags, subject)).toEqual(expected);
  });

  const refused: Array<{ name: string; flags: ContainerFlags; subject: 'wfm' | 'device'; message: string }> = [
    { name: 'refuses an image reference with upper-case letters', flags: { image: 'Acme/WFM' }, subject: 'wfm', message: '--sut-image "Acme/WFM" is not an image reference; expected e.g. acme/wfm:1.2 or margo-reference-wfm:local.' },
    { name: 'refuses --sut-env without "="', flags: { image: 'w', env: ['LOG_LEVEL'] }, subject: 'wfm', message: '--sut-env "LOG_LEVEL" is not NAME=VALUE with NAME made of letters, digits and _; e.g. --sut-env LOG_LEVEL=debug.' },
    { name: 'refuses --sut-env with a bad name', flags: { image: 'w', env: ['1X=2'] }, subject: 'wfm', message: '--sut-env "1X=2" is not NAME=VALUE with NAME made of letters, digits and _; e.g. --sut-env LOG_LEVEL=debug.' },
    { name: 'refuses a port out of range', flags: { image: 'w', port: '70000' }, subject: 'wfm', message: '--sut-port "70000" is not a port number (1-65535).' },
    { name: 'refuses an unknown readiness', flags: { image: 'w', ready: 'tcp' }, subject: 'wfm', message: '--sut-ready "tcp" is not one of log, log:REGEX, port, https, https:/PATH.' },
    { name: 'refuses a ready timeout that is not a number', flags: { image: 'w', readyTimeout: '10s' }, subject: 'wfm', message: '--sut-ready-timeout "10s" is not a positive number of milliseconds; e.g. --sut-ready-timeout 60000.' },
    { name: 'refuses --sut-port for a device', flags: { image: 'd', port: '8443' }, subject: 'device', message: '--sut-port applies to a WFM only; a device listens on no port. Use --sut-ready log or log:REGEX.' },
    { name: 'refuses port readiness for a device', flags: { image: 'd', ready: 'https' }, subject: 'device', message: '--sut-ready https applies to a WFM only; a device listens on no port. Use --sut-ready log or log:REGEX.' },
  ];
  it.each(refused)('$name', ({ flags, subject, message }) => {
    expect(() => parseContainerFlags(flags, subject)).toThrow(message);
  });
});
