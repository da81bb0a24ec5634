/** The runbook model every command works from. Produced by parse-runbook.ts, safety filled by classify. */
import type { AlertRouting } from './front-matter-alerts.js';
export type Safety = 'safe' | 'approve' | 'manual';

export type SectionKind =
  | 'symptoms'
  | 'diagnosis'
  | 'causes'
  | 'recovery'
  | 'verify'
  | 'escalation'
  | 'rollback'
  | 'other';

export interface BlockAttrs {
  safe?: boolean;
  approve?: boolean;
  manual?: boolean;
  /** milliseconds */
  timeout?: number;
  quorum?: number;
  /** anything else the author wrote, kept for lint warnings */
  [key: string]: unknown;
}

export interface Block {
  /** 1-based line of the opening fence in the file as given */
  line: number;
  lang: string;
  source: string;
  attrs: BlockAttrs;
  /** title of the section heading it sits under ('' before any heading) */
  section: string;
  sectionKind: SectionKind;
  safety: Safety;
  reasons: string[];
}

export interface Section {
  kind: SectionKind;
  title: string;
  /** heading line, 1-based */
  line: number;
  /**
   * For sections introduced by a bold label paragraph ("**Diagnosis:**") rather than a heading:
   * the title of the heading the label sits under ("1. Application Won't Start").
   */
  parent?: string;
  /** plain text of the section body (lists, paragraphs), for Symptoms and checklists */
  text: string;
  blocks: Block[];
}

export interface ParamSpec {
  pattern?: string;
  description?: string;
  required?: boolean;
  /** shell command listing the accepted values, one per line (e.g. `git tag --list 'v*'`) */
  known?: string;
}

export interface ApprovalOverride {
  quorum?: number;
  allowSelfApproval?: boolean;
  ttlMs?: number;
  /** who may approve this runbook's gated steps, instead of the configured approvers (ids) */
  roles?: string[];
  users?: string[];
}

export interface Problem {
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface Runbook {
  file: string;
  id: string;
  title: string;
  aliases: string[];
  severity?: string;
  params: Record<string, ParamSpec>;
  approval?: ApprovalOverride;
  /** a store lock held while the runbook runs, e.g. `rollback:{environment}` */
  lock?: string;
  /** front-matter `alerts:`: label matchers that route alerts here, per-runbook severity map */
  alerts?: AlertRouting;
  sections: Section[];
  /** every fenced block in file order (the same objects as in sections) */
  blocks: Block[];
  problems: Problem[];
  /** sha256 of the file's bytes, set by the loader: what a run's snapshot is checked against */
  sha256?: string;
}
