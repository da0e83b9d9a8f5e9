import { parseImage } from './image-reference.js';
import type { RuleEvaluator } from './rule-evaluator.js';

/** MCS-023: no tag or `latest`, unless a digest pins it anyway. Services built from source (no image) pass. */
export const imageLatest: RuleEvaluator = (service) => {
  if (typeof service.config.image !== 'string') return [];
  const image = parseImage(service.config.image);
  if (image.digest) return [];
  if (image.tag === undefined) return [{ pointer: '/image', says: `is ${service.config.image}, without a tag` }];
  return image.tag === 'latest' ? [{ pointer: '/image', says: `is ${service.config.image}, which uses latest` }] : [];
};
