import { describe, expect, it } from 'vitest';
import { renderSarif, runCompose, runPackage } from '../index.js';
import { COMPOSE_HELP } from './compose-command.js';
import { main } from './main.js';
import { PACKAGE_HELP } from './package-command.js';

describe('help <command> and the library surface', () => {
  const cases = [
    { args: ['help', 'package'], help: PACKAGE_HELP },
    { args: ['help', 'compose'], help: COMPOSE_HELP },
  ];
  for (const { args, help } of cases) {
    it(`prints the command's help for ${args.join(' ')}`, async () => {
      let stdout = '';
      const code = await main(args, { stdout: (t) => void (stdout += t), stderr: () => undefined, env: {}, color: false });
      expect([code, stdout]).toEqual([0, `${help}\n`]);
    });
  }

  it('says which edition is the default and that latest is its alias', () => {
    expect(PACKAGE_HELP).toContain('1.0.0-rc.3 (the default; alias latest), preview-1');
  });

  const editions = [
    { edition: undefined, id: '1.0.0-rc.3' },
    { edition: 'latest', id: '1.0.0-rc.3' },
    { edition: 'preview-1', id: 'preview-1' },
  ];
  for (const { edition, id } of editions) {
    it(`runPackage takes the edition ${edition ?? 'by default'} as a name`, async () => {
      const results = await runPackage({ path: 'fixtures/packages/rc3/valid/minimal', ...(edition ? { edition } : {}) });
      expect(results.edition.id).toBe(id);
    });
  }

  it('exports the Compose runner and the SARIF renderer', async () => {
    const results = await runCompose({ path: 'fixtures/compose/stacks/iot-telemetry/deploy/edge/compose.yaml' });
    expect(JSON.parse(renderSarif(results)).version).toBe('2.1.0');
  });
});
