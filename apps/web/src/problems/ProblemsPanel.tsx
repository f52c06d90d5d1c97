import { count, SEVERITIES } from '@meshplan/model';
import type { Finding } from '@meshplan/rules';
import { RULES } from '@meshplan/rules';
import { useReactFlow } from '@xyflow/react';
import { memo, useMemo, useState } from 'react';
import { useCommands } from '../store/commands.js';
import { canEdit, useEditor, useEditorStore, whyReadOnly } from '../store/editor.js';

/** The findings of the model by severity; choosing one selects and focuses its elements. */
export const ProblemsPanel = memo(function ProblemsPanel() {
  const findings = useEditor((s) => s.findings);
  const [showSettings, setShowSettings] = useState(false);
  const editable = useEditor(canEdit);
  const readOnlyReason = useEditor(whyReadOnly);
  // Folded, the header alone stays: its counts are in view whatever the side panel shows.
  const [open, setOpen] = useState(true);
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) bySeverity[finding.severity] += 1;
  const worst = bySeverity.error > 0 ? 'error' : bySeverity.warning > 0 ? 'warning' : 'info';
  const spoken = SEVERITIES.map((severity) => count(bySeverity[severity], severity)).join(', ');
  return (
    <section className="panel problems" aria-label="Problems" data-testid="problems">
      <header>
        <h2>
          <button
            type="button"
            className="problems-toggle"
            aria-expanded={open}
            data-testid="problems-toggle"
            title={open ? 'Fold the problems away' : 'Show the problems'}
            onClick={() => setOpen(!open)}
          >
            Problems{' '}
            <span
              className={`tab-count${findings.length > 0 ? ` badge-${worst}` : ''}`}
              data-testid="problems-count"
              title={spoken}
            >
              {findings.length}
            </span>
            <span className="visually-hidden">: {spoken}</span>
          </button>
        </h2>
        <button type="button" onClick={() => setShowSettings(!showSettings)} aria-expanded={showSettings}>
          Rule settings
        </button>
      </header>
      {!open ? null : showSettings ? (
        // Rule settings are saved with the model: shown, not changeable, where the model is not.
        <fieldset className="plain" disabled={!editable}>
          <RuleSettings />
        </fieldset>
      ) : null}
      {!open
        ? null
        : SEVERITIES.map((severity) => (
            <SeverityGroup
              key={severity}
              severity={severity}
              findings={findings}
              editable={editable}
              readOnlyReason={readOnlyReason}
            />
          ))}
      {open && findings.length === 0 ? <p className="muted">No problems found.</p> : null}
    </section>
  );
});

/** Findings listed per severity before "Show all": thousands of rows would slow every edit. */
const FIRST_FINDINGS = 50;

function SeverityGroup({
  severity,
  findings,
  editable,
  readOnlyReason,
}: {
  severity: (typeof SEVERITIES)[number];
  findings: readonly Finding[];
  editable: boolean;
  readOnlyReason: string | undefined;
}) {
  const [all, setAll] = useState(false);
  const group = useMemo(() => findings.filter((f) => f.severity === severity), [findings, severity]);
  if (group.length === 0) return null;
  const shown = all ? group : group.slice(0, FIRST_FINDINGS);
  return (
    <div>
      <h3 className={`severity-${severity}`}>{count(group.length, severity)}</h3>
      <ul>
        {shown.map((finding) => (
          <FindingItem
            key={`${finding.rule}:${finding.elements.join(',')}`}
            finding={finding}
            editable={editable}
            readOnlyReason={readOnlyReason}
          />
        ))}
      </ul>
      {shown.length < group.length ? (
        <button
          type="button"
          className="link"
          onClick={() => setAll(true)}
          data-testid={`show-all-${severity}`}
        >
          Show all {count(group.length, severity)}
        </button>
      ) : null}
    </div>
  );
}

/** One finding: choosing it selects and shows its elements; its fix, if any, beside it. */
const FindingItem = memo(function FindingItem({
  finding,
  editable,
  readOnlyReason,
}: {
  finding: Finding;
  editable: boolean;
  readOnlyReason: string | undefined;
}) {
  const store = useEditorStore();
  const commands = useCommands();
  const { fitView } = useReactFlow();
  return (
    <li data-testid={`finding-${finding.rule}`}>
      <button
        type="button"
        className="finding"
        onClick={() => {
          store.getState().select(finding.elements);
          void fitView({ nodes: finding.elements.map((id) => ({ id })), duration: 300, maxZoom: 1.2 });
        }}
      >
        <span className="rule">{finding.rule}</span> {finding.message}
      </button>
      {finding.fix ? (
        <button
          type="button"
          className="fix"
          disabled={!editable}
          title={readOnlyReason}
          onClick={() => commands.applyFinding(finding)}
          data-testid={`fix-${finding.rule}`}
        >
          Fix: {finding.fix.title}
        </button>
      ) : null}
    </li>
  );
});

const NO_SETTINGS: Record<string, unknown> = {};

/** Per-rule level and options, saved with the model (`settings.rules`). */
function RuleSettings() {
  const settings = useEditor((s) => s.content.settings?.rules ?? NO_SETTINGS);
  const { setRule } = useCommands();
  return (
    <div className="rule-settings">
      {[...RULES.values()].map(({ meta }) => {
        const current = settings[meta.id];
        const level =
          typeof current === 'string'
            ? current
            : ((current as { severity?: string } | undefined)?.severity ?? 'default');
        const options =
          typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
        return (
          <div key={meta.id} className="rule-setting">
            <label>
              <span title={meta.description}>{meta.id}</span>
              <select
                value={level}
                onChange={(e) => {
                  const value = e.target.value;
                  const rest = Object.fromEntries(Object.entries(options).filter(([k]) => k !== 'severity'));
                  if (value === 'default') setRule(meta.id, Object.keys(rest).length > 0 ? rest : undefined);
                  else setRule(meta.id, Object.keys(rest).length > 0 ? { ...rest, severity: value } : value);
                }}
              >
                <option value="default">default ({meta.severity})</option>
                <option value="off">off</option>
                <option value="error">error</option>
                <option value="warning">warning</option>
                <option value="info">info</option>
              </select>
            </label>
            {Object.entries(meta.options).map(([name, option]) => (
              <label key={name} className="rule-option">
                {name}
                <input
                  type="number"
                  min={option.minimum}
                  value={typeof options[name] === 'number' ? (options[name] as number) : option.default}
                  onChange={(e) => {
                    const n = Number(e.target.value);
                    if (!Number.isInteger(n) || n < option.minimum) return;
                    const base = typeof current === 'string' ? { severity: current } : options;
                    setRule(meta.id, { ...base, [name]: n });
                  }}
                />
              </label>
            ))}
          </div>
        );
      })}
    </div>
  );
}
