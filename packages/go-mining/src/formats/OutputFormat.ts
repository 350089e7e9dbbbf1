/**
 * - `csv`: the original tool's columns (`ID,Platform,Name,Homepage URL,Repository URL`), `nan` for no URL.
 * - `extended`: CSV with version, timestamp, lookup status and every Origin field.
 * - `jsonl`: one JSON object per module.
 */
export type OutputFormat = 'csv' | 'extended' | 'jsonl';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['csv', 'extended', 'jsonl'];
