import type { Finding } from '../core/results/model.js';
import { formatLocation } from './format-location.js';

/** A finding as one line of text: its location (when it has one), then its message. */
export function formatFinding(finding: Finding): string {
  return finding.location ? `${formatLocation(finding.location)}: ${finding.message}` : finding.message;
}
