/** One way a test PKI can make an X.509-SVID (or its chain) wrong, for negative tests. */
export type SvidDefect =
  | 'expired'
  | 'notYetValid'
  | 'foreignTrustDomain'
  | 'foreignCa'
  | 'otherWfmId'
  | 'wrongWfmId'
  | 'wrongPath'
  | 'noUriSan'
  | 'twoUriSans'
  | 'caTrue'
  | 'keyCertSign'
  | 'leafOnly'
  | 'rsa2048';

export interface SvidDefectRow {
  defect: SvidDefect;
  /** The requirement a verifier enforcing it would cite. */
  breaks: string;
  /** Which issuer offers it: `issueClient`, `issueWfm`, or both. */
  issuers: ReadonlyArray<'client' | 'wfm'>;
  summary: string;
}

/**
 * The catalog of SVID defects. Each is a single change from the clean SVID; the tests walk this table
 * and expect exactly one problem per row.
 */
export const SVID_DEFECTS: readonly SvidDefectRow[] = [
  { defect: 'expired', breaks: 'ID-015', issuers: ['client', 'wfm'], summary: 'leaf validity ended a day ago' },
  { defect: 'notYetValid', breaks: 'ID-012', issuers: ['client', 'wfm'], summary: 'leaf validity starts tomorrow' },
  { defect: 'foreignTrustDomain', breaks: 'ID-012', issuers: ['client', 'wfm'], summary: 'SPIFFE ID and issuing CA belong to an unrelated trust domain' },
  { defect: 'foreignCa', breaks: 'ID-012', issuers: ['client', 'wfm'], summary: 'own-trust-domain SPIFFE ID issued by the unrelated CA' },
  { defect: 'otherWfmId', breaks: 'ID-005', issuers: ['client'], summary: 'client SPIFFE ID names another wfm-id' },
  { defect: 'wrongWfmId', breaks: 'ID-007', issuers: ['wfm'], summary: 'WFM SPIFFE ID names another wfm-id' },
  { defect: 'wrongPath', breaks: 'ID-007', issuers: ['wfm'], summary: 'WFM presents a client-shaped SPIFFE ID' },
  { defect: 'noUriSan', breaks: 'ID-012', issuers: ['client', 'wfm'], summary: 'leaf has no URI SAN' },
  { defect: 'twoUriSans', breaks: 'ID-012', issuers: ['client', 'wfm'], summary: 'leaf has two URI SANs' },
  { defect: 'caTrue', breaks: 'ID-012', issuers: ['client', 'wfm'], summary: 'leaf basicConstraints has cA=true' },
  { defect: 'keyCertSign', breaks: 'ID-012', issuers: ['client', 'wfm'], summary: 'leaf keyUsage includes keyCertSign' },
  { defect: 'leafOnly', breaks: 'ID-011', issuers: ['client', 'wfm'], summary: 'chain omits the intermediate CA' },
  { defect: 'rsa2048', breaks: 'ID-013', issuers: ['client', 'wfm'], summary: 'leaf key is RSA 2048 (keyAlgorithm: "rsa-2048")' },
];
