import { describeSelfTest } from './wfm-self-test.js';

// DS-035: the reference writing preview-1 ApplicationDeployments as the 1.0.0 OpenAPI defines them (top-level id,
// spec.applicationId, helm, no annotations) is conformant, and each fault is still caught exactly.
describeSelfTest('preview-1', 'openapi-1.0.0');
