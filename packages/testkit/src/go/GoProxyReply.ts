/** `Origin` of a `.info` or `@latest` answer. */
export interface GoOrigin {
  VCS: string;
  URL: string;
  Subdir?: string;
  Hash: string;
  Ref?: string;
  TagPrefix?: string;
  [unknownField: string]: unknown;
}

/** Body of a successful `.info` or `@latest` answer. */
export interface GoVersionInfo {
  Version: string;
  Time: string;
  Origin?: GoOrigin;
  [unknownField: string]: unknown;
}

/** What the fake proxy answers for one URL, before faults. */
export type GoProxyReply =
  | { readonly status: 200; readonly contentType: string; readonly body: string; readonly info?: GoVersionInfo }
  | { readonly status: 404 | 410; readonly contentType: string; readonly body: string };
