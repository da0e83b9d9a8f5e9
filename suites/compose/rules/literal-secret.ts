import { isRecord } from '../model/compose-project.js';
import type { RuleEvaluator } from './rule-evaluator.js';

const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;

/**
 * MCS-025: an environment variable named like a secret whose value is written in the file. Values taken
 * from a variable (`${DB_PASSWORD}`), empty values, and `*_FILE` variables that name a secret file pass.
 */
export const literalSecret: RuleEvaluator = (service) => {
  const environment = isRecord(service.config.environment) ? service.config.environment : {};
  return Object.entries(environment).flatMap(([name, value]) => {
    const pointer = `/environment/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!SECRET_NAME.test(name) || value === null || value === undefined || String(value) === '' || service.substituted.has(pointer)) return [];
    return [{ pointer, says: 'holds a literal value', evidence: { variable: name } }];
  });
};
