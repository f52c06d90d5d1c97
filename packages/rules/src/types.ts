import type { Model, ModelIndex, Severity } from '@meshplan/model';

/** One RFC 6902 operation. */
export type PatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/** A mechanical repair a finding offers: the editor's quick fix, the CLI's `--fix`. */
export interface Fix {
  title: string;
  patch: PatchOperation[];
}

/** What a rule reports, in the form of rules.md (tests outside the project read exactly this). */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** Every element the finding is about; the first is where the canvas focuses. */
  elements: string[];
  fix?: Fix;
}

export interface OptionMeta {
  type: 'integer';
  default: number;
  minimum: number;
  description: string;
}

export interface RuleMeta {
  id: string;
  /** Default severity. */
  severity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  options: Readonly<Record<string, OptionMeta>>;
  /** Whether its findings carry a `fix`. */
  fixable: boolean;
}

export type RuleOptions = Readonly<Record<string, number>>;

export interface RuleContext {
  /** Lookups built once per lint run and shared by every rule. */
  readonly index: ModelIndex;
  /** This rule's options, defaults filled in from `meta.options`. */
  readonly options: RuleOptions;
  /**
   * Reports a finding. `severity` lets a rule grade its own findings (shared-datastore's warning
   * when only one service writes); it applies while the rule runs at its default level, and a
   * level set in settings applies to every finding of the rule.
   */
  report(finding: { message: string; elements: string[]; fix?: Fix; severity?: Severity }): void;
}

export interface Rule {
  meta: RuleMeta;
  check(model: Model, context: RuleContext): void;
}
