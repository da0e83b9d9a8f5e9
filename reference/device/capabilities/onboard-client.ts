import type { DeviceContext } from '../device-context.js';
import type { SignatureTrust } from '../device-options.js';

/**
 * preview-1 onboarding (ONB-003..ONB-005): a signed `POST /api/v1/onboarding` with the device certificate,
 * `certificate` being the Base64 of its PEM text (our ONB-004 reading, as the WFM suite's). The clientId
 * of the 201 answer is persisted, so a restarted device does not onboard again.
 */
export async function onboardClient(context: DeviceContext, trust: SignatureTrust): Promise<void> {
  const path = context.edition.api.paths.onboarding;
  if (path === undefined || context.store.data.clientId !== undefined) return;
  const body = { apiVersion: context.facts.onboardingApiVersion, kind: 'OnboardingRequest', certificate: Buffer.from(trust.certPem, 'utf8').toString('base64') };
  const response = await context.client.expect({ method: 'POST', path, json: body }, [201]);
  let clientId: unknown;
  try {
    clientId = (JSON.parse(response.body.toString('utf8')) as Record<string, unknown>)['clientId'];
  } catch {
    clientId = undefined;
  }
  // API-007: a URL-safe id; anything else would break every later path.
  if (typeof clientId !== 'string' || !/^[A-Za-z0-9._~-]+$/.test(clientId)) throw new Error(`onboarding answered 201 without a URL-safe clientId (ONB-005): ${response.body.toString('utf8').slice(0, 200)}`);
  context.gate.succeeded();
  context.store.data.clientId = clientId;
  await context.store.save();
  context.log.emit({ event: 'onboarded', clientId });
}
