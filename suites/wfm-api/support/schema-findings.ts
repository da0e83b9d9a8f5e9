import type { HttpExchange, Finding } from '../../../core/results/model.js';
import type { WfmContext } from '../context.js';
import { validateBody, type BodyKind } from '../../../core/api-bodies/validate-body.js';
import { fail } from './findings.js';

/** Schema violations of one body as findings, one per requirement and pointer: `<what> <pointer> <problem> (ID). <fix>` */
export function schemaFindings(context: WfmContext, options: { kind: BodyKind; value: unknown; what: string; exchange?: HttpExchange }): Finding[] {
  return validateBody(context.edition, options.kind, options.value).map((problem) =>
    fail(
      problem.requirement,
      `${options.what}: ${problem.pointer} ${problem.problem} (${problem.requirement}). Make the ${options.kind} match the ${context.edition.id} schema (core/api-bodies/schemas/${context.edition.api.schema}).`,
      options.exchange,
      { pointer: problem.pointer },
    ),
  );
}
