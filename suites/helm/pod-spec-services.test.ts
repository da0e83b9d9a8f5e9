import { describe, expect, it } from 'vitest';
import { ruleFindings } from '../compose/rule-findings.js';
import { RULE_EVALUATORS } from '../compose/rules/index.js';
import { composeRule } from '../compose/rules.js';
import { podSpecProject } from './pod-spec-services.js';

const RENDERED = `---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      hostNetwork: true
      volumes: [{name: sock, hostPath: {path: /var/run/docker.sock}}]
      containers:
        - name: agent
          image: registry.example/agent:1.0.0
          securityContext: {privileged: true}
          volumeMounts: [{name: sock, mountPath: /var/run/docker.sock}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
`;

describe('podSpecProject', () => {
  it.each([
    ['MCS-001', ['fail']],
    ['MCS-004', ['fail']],
    ['MCS-009', ['fail']],
    ['MCS-013', []],
  ])('judges rendered pods under %s', (id, outcomes) => {
    const project = podSpecProject(RENDERED, 'helm template chart');
    const evaluate = RULE_EVALUATORS[id];
    expect(ruleFindings(composeRule(id), evaluate!, project, { today: '2026-01-01' }).map((f) => f.outcome)).toEqual(outcomes);
  });

  it('names each container by kind, name and container', () => {
    expect(podSpecProject(RENDERED, 'x').services.map((s) => s.name)).toEqual(['DaemonSet/agent/agent']);
  });
});
