import { describeSelfTest } from './wfm-self-test.js';

// Clean reference: zero fail, zero error; each fault of reference/wfm/faults.ts fails exactly its breaks; the clean run twice.
describeSelfTest('preview-1');
