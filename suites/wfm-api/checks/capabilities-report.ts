import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { expectStatus, guarded, skip } from '../support/findings.js';

const REQUIREMENTS = ['CAP-013', 'CAP-015', 'CAP-017'];

/**
 * The device lifecycle of rc.3 capabilities (paths with `{deviceId}`): 201 on create and 200 on update
 * (CAP-017), a gateway child refused with 404 until its parent reported (CAP-013), and DELETE answering
 * 204 and then 404 (CAP-015). Status codes come from `Edition.api.capabilities`.
 */
export const capabilitiesReport = defineCheck<WfmContext>({
  id: 'wfm-api/capabilities-report',
  title: 'Capabilities create, update, gateway order and delete answer with the specified status',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const { capabilities, paths } = context.edition.api;
      if (!paths.capabilities.includes('{deviceId}')) return skip(REQUIREMENTS, `The ${context.edition.id} capabilities path names no device.`);
      const facts = apiFacts(context.edition);
      const client = await context.newClient('cap-017');
      const put = (deviceId: string, method = capabilities.create.method, slash = '/') =>
        client.call({ method, endpoint: 'capabilities', params: { deviceId: deviceId.replaceAll('/', slash) }, json: facts.capabilities(deviceId) });
      // CAP-012 erratum: the OpenAPI's {deviceId} is one path parameter, which OpenAPI tooling sends with "/" as %2F, while
      // the prose writes it raw; a WFM may route either form, so a child counts as accepted in whichever form it routes.
      const putChild = async (deviceId: string) => {
        const raw = await put(deviceId);
        if (raw.status !== 404) return raw;
        const encoded = await put(deviceId, capabilities.create.method, '%2F');
        return encoded.status === capabilities.create.status ? encoded : raw;
      };
      const findings: Finding[] = [];

      findings.push(...expectStatus('CAP-017', await put('device-a'), capabilities.create.status, `Answer ${capabilities.create.status} when a capabilities report creates the device.`));
      findings.push(...expectStatus('CAP-017', await put('device-a', capabilities.update.method), capabilities.update.status, `Answer ${capabilities.update.status} when a capabilities report updates a known device.`));

      for (const slash of ['/', '%2F']) {
        findings.push(...expectStatus('CAP-013', await put('gateway-1/child-1', capabilities.create.method, slash), 404, 'Refuse a child report with 404 gateway-not-found while its gateway has not reported.'));
      }
      findings.push(...expectStatus('CAP-013', await put('gateway-1'), capabilities.create.status, 'Accept the gateway itself.'));
      findings.push(...expectStatus('CAP-013', await putChild('gateway-1/child-1'), capabilities.create.status, 'Accept a child once its gateway has reported, its deviceId with raw slashes or %2F.'));

      if (capabilities.delete) {
        const remove = () => client.call({ method: 'DELETE', endpoint: 'capabilities', params: { deviceId: 'device-a' } });
        findings.push(...expectStatus('CAP-015', await remove(), capabilities.delete.status, `Unregister the device with ${capabilities.delete.status}.`));
        findings.push(...expectStatus('CAP-015', await remove(), 404, 'Answer 404 device-not-found for a device the client does not have.'));
      }
      return findings;
    }),
});
