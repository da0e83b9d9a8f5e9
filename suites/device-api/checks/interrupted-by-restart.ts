import { defineCheck } from '../../../core/runner/check.js';
import type { EvidenceRef, Finding } from '../../../core/results/model.js';
import type { RecordedExchange } from '../../../instruments/mock-wfm/index.js';
import { ATTACHED_REASON, type DeviceContext } from '../context.js';
import { expired, fail, guarded, happened, skip, undecided, WIDEN_HINT } from '../support/findings.js';
import { IGNORED_POLLS, ignoredChange, manifestPolls, requestLine, statusReports, type StatusReport } from '../support/observations.js';
import { steady, withSession } from '../support/session-scope.js';
import { lastingComponent } from '../support/test-application.js';
import type { Assigned, Session } from '../session.js';

const REQUIREMENT = 'DS-041';

/** The work a restart interrupts: the report that shows it under way, and the reports that end it. */
const STEPS = {
  install: { doing: 'installing', ends: ['installed', 'failed'], reactions: undefined },
  removal: { doing: 'removing', ends: ['removed', 'failed'], reactions: ['removing', 'removed', 'failed'] },
} as const;
type Step = keyof typeof STEPS;

type Outcome = { findings: Finding[] } | { ended: StatusReport };

/**
 * DS-041: the device is restarted in the middle of an install, then of a removal (each lasting half a wait
 * in the simulated runtime), right after it reported the work under way. After the restart it must report
 * that deployment again and end it: installed (removed) or failed. Counted in its own polls: 3 manifest
 * polls after the restart without a report of the deployment fail the row.
 */
export const interruptedByRestart = defineCheck<DeviceContext>({
  id: 'device-api/interrupted-by-restart',
  title: 'An install or removal cut short by a restart is reported again and brought to an end',
  requirements: [REQUIREMENT],
  run: (context) => {
    if (!context.canRestart) return skip([REQUIREMENT], `Not decided: ${ATTACHED_REASON}.`);
    return guarded([REQUIREMENT], () =>
      withSession(context, 'interrupted-by-restart', async (session) => {
        await steady(session, context.waitMs);
        const { traffic } = session.mock;
        const lastingMs = context.waitMs / 2;
        const removed = await session.assign({ id: 'removed-midway', components: [lastingComponent('only', 'removal', lastingMs)] });
        if (!(await happened(waitForEnd(context, session, removed.deploymentId, ['installed', 'failed'])))) {
          return undecided([REQUIREMENT], `Deployment ${removed.deploymentId}, whose removal the scenario interrupts, was not reported installed within ${context.waitMs} ms, so no removal could be started. ${WIDEN_HINT}`);
        }
        const installed = await session.assign({ id: 'installed-midway', components: [lastingComponent('only', 'install', lastingMs)] });
        const install = await interrupt(context, session, installed, 'install', traffic.mark());
        const removalStart = traffic.mark();
        session.mock.operator.deleteDeployment(removed.deploymentId);
        const removal = await interrupt(context, session, removed, 'removal', removalStart);
        const outcomes = [install, removal];
        const findings = outcomes.flatMap((outcome) => ('findings' in outcome ? outcome.findings : []));
        if (findings.length > 0) return findings;
        const ended = outcomes.flatMap((outcome) => ('ended' in outcome ? [outcome.ended] : []));
        return [{ requirement: REQUIREMENT, outcome: 'pass', message: `Restarted in the middle of an install and of a removal, the device reported each deployment again and ended it: ${ended.map((r) => `${requestLine(r.exchange)} ${r.state}`).join('; ')}.`, observed: refs(ended.map((r) => r.exchange)) }];
      }),
    );
  },
});

/**
 * Waits for the device to report `step` under way for `deployment` (from `since` on), restarts it, and
 * judges what it reports afterwards. The work never reported under way is not exercised: a device that
 * reports only final states, or never started the work, is judged by DS-029 and DS-028.
 */
async function interrupt(context: DeviceContext, session: Session, deployment: Assigned, step: Step, since: number): Promise<Outcome> {
  const { traffic } = session.mock;
  const { edition, waitMs } = context;
  const { doing, ends, reactions } = STEPS[step];
  const id = deployment.deploymentId;
  const reports = (from: number) => statusReports(traffic, edition, id, from);
  const under = () => reports(since).find((r) => r.state === doing);
  const ended = (from: number) => reports(from).find((r) => (ends as readonly string[]).includes(r.state));
  await traffic.waitUntil(() => under() !== undefined || ended(since) !== undefined || ignoredChange(traffic, edition, id, since, reactions) !== undefined, { timeoutMs: waitMs, what: `a status report "${doing}" for deployment ${id}` }).catch(() => undefined);
  const started = under();
  if (!started) {
    const end = ended(since);
    if (end) return notExercised(`the device reported deployment ${id} ${end.state} (${requestLine(end.exchange)}) without reporting it ${doing} first, so no restart could be timed to land in the middle of the ${step}; DS-029 judges the missing report`);
    if (ignoredChange(traffic, edition, id, since, reactions)) return notExercised(`the device polled the manifest ${IGNORED_POLLS} times without reporting deployment ${id} ${doing}, so there was no ${step} for a restart to cut short; DS-028 and DS-029 judge that`);
    return { findings: expired([REQUIREMENT], { awaited: `a status report "${doing}" for deployment ${id}`, waitMs, traffic, since }) };
  }
  await session.restart();
  const restartedAt = traffic.mark();
  const before = ended(since);
  if (before && before.exchange.seq < restartedAt) {
    return { findings: undecided([REQUIREMENT], `The ${step} of deployment ${id} ended (${requestLine(before.exchange)} ${before.state}) before the restart took effect, so the restart did not land in its middle. ${WIDEN_HINT}`) };
  }
  const after = () => reports(restartedAt);
  const pollsAfter = () => manifestPolls(traffic, restartedAt).filter((e) => e.response?.status === 200 || e.response?.status === 304);
  const forgotten = () => (after().length === 0 && pollsAfter().length >= IGNORED_POLLS ? pollsAfter().at(-1) : undefined);
  await traffic.waitUntil(() => ended(restartedAt) !== undefined || forgotten() !== undefined, { timeoutMs: waitMs, what: `a report ending deployment ${id} after the restart` }).catch(() => undefined);
  const end = ended(restartedAt);
  if (end) return { ended: end };
  const silent: RecordedExchange | undefined = forgotten();
  if (silent) {
    return {
      findings: [fail(REQUIREMENT, `The device was restarted in the middle of the ${step} of deployment ${id} (last reported ${started.state}, ${requestLine(started.exchange)}) and polled the manifest ${IGNORED_POLLS} times since, the last ${requestLine(silent)}, without a report of that deployment (${REQUIREMENT}). After a restart, report the interrupted deployment again: resumed, done, or failed with an error.`, silent, { lastReport: started.exchange.evidence.id ?? null })],
    };
  }
  const last = after().at(-1);
  return { findings: expired([REQUIREMENT], { awaited: `a report ${ends.join(' or ')} for deployment ${id} after the restart${last ? ` (the device reported it ${last.state} again)` : ''}`, waitMs, traffic, since: restartedAt }) };
}

function notExercised(reason: string): Outcome {
  return { findings: [{ requirement: REQUIREMENT, outcome: 'indeterminate', message: `Not exercised: ${reason}.` }] };
}

function refs(exchanges: readonly RecordedExchange[]): EvidenceRef[] {
  return [...new Set(exchanges.flatMap((e) => (e.evidence.id ? [e.evidence.id] : [])))].map((id) => ({ kind: 'traffic', id }));
}

/** Resolves once the device reports the deployment in one of `states`. */
function waitForEnd(context: DeviceContext, session: Session, deploymentId: string, states: string[]): Promise<void> {
  const { traffic } = session.mock;
  return traffic.waitUntil(() => statusReports(traffic, context.edition, deploymentId).some((r) => states.includes(r.state)), { timeoutMs: context.waitMs, what: `a status report ${states.join(' or ')} for deployment ${deploymentId}` });
}
