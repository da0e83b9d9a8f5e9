import { parseImage } from './image-reference.js';
import type { RuleEvaluator } from './rule-evaluator.js';

/** MCS-024: a fixed tag without a digest (no tag and latest are MCS-023's). */
export const imageDigest: RuleEvaluator = (service) => {
  if (typeof service.config.image !== 'string') return [];
  const image = parseImage(service.config.image);
  return image.digest || image.tag === undefined || image.tag === 'latest' ? [] : [{ pointer: '/image', says: `is ${service.config.image}, not pinned by digest` }];
};
