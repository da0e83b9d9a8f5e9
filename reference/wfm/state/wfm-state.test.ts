import { describe, expect, it } from 'vitest';
import { createFaultSet } from '../faults.js';
import { createWfmState } from './wfm-state.js';
import type { DeploymentState } from './wfm-state-data.js';

const deployment = (deploymentId: string, client: string): DeploymentState => ({ deploymentId, client, deviceId: 'dev', applicationId: 'app', profileId: 'p', parameters: {} });

// deploymentsOf is indexed by client; every change through `update` or `reset` must show at once.
describe('WfmState.deploymentsOf', () => {
  it.each([
    ['lists a client\'s deployments sorted by id', [], 'a', ['d1', 'd3']],
    ['shows a deployment added after a read', ['add d0 a'], 'a', ['d0', 'd1', 'd3']],
    ['drops a deleted deployment', ['delete d1'], 'a', ['d3']],
    ['follows a deployment moved to another client', ['move d2 a'], 'a', ['d1', 'd2', 'd3']],
    ['is empty for a client without deployments', [], 'c', []],
    ['is empty after a reset', ['reset'], 'a', []],
  ] as const)('%s', (_, changes, client, expected) => {
    const state = createWfmState({ faults: createFaultSet([]) });
    state.update((data) => {
      for (const [id, owner] of [['d3', 'a'], ['d2', 'b'], ['d1', 'a']] as const) data.deployments[id] = deployment(id, owner);
    });
    expect(state.deploymentsOf('a').map((d) => d.deploymentId)).toEqual(['d1', 'd3']);
    for (const change of changes) {
      const [verb, id = '', owner = ''] = change.split(' ');
      if (verb === 'reset') state.reset();
      else state.update((data) => (verb === 'delete' ? delete data.deployments[id] : (data.deployments[id] = deployment(id, owner))));
    }
    expect(state.deploymentsOf(client).map((d) => d.deploymentId)).toEqual(expected);
  });

  it('hands out a copy: changing the returned list changes nothing recorded', () => {
    const state = createWfmState({ faults: createFaultSet([]) });
    state.update((data) => (data.deployments['d1'] = deployment('d1', 'a')));
    state.deploymentsOf('a').pop();
    expect(state.deploymentsOf('a').map((d) => d.deploymentId)).toEqual(['d1']);
  });
});
