import type { Runtime } from '@meshplan/model';
import { useId, useState } from 'react';

/**
 * Form fields that commit on blur or Enter through `commit`, which returns the errors of the
 * resulting model (empty when it was stored). An invalid value stays in the field, marked, and is
 * never saved.
 */
interface FieldProps<T> {
  label: string;
  value: T;
  commit: (value: T) => string[];
  testId?: string;
}

/**
 * The text in a field, following `text` (the model's value as the field writes it), and `save`,
 * which hands a changed draft to `commitDraft` (the errors of the result: empty when stored). The
 * inspector shows the model a moment after an edit: what was typed after saving is kept when the
 * saved value arrives, not overwritten by it.
 */
function useDraft(text: string, commitDraft: (draft: string) => string[]) {
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | undefined>();
  // The model's text the draft last followed, and the draft last saved (until the model has it).
  const [followed, setFollowed] = useState(text);
  const [saved, setSaved] = useState<string | undefined>();
  if (text !== followed) {
    // Set while rendering (React's pattern for state that follows a prop), not in an effect: an
    // effect can run after the next keystroke's handler, and would put back the text it replaced.
    const typedSince = saved !== undefined && saved !== draft;
    setFollowed(text);
    setSaved(undefined);
    if (!typedSince) {
      setDraft(text);
      setError(undefined);
    }
  }
  const save = () => {
    if (draft === text) return;
    const errors = commitDraft(draft);
    if (errors.length === 0) setSaved(draft);
    setError(errors[0]);
  };
  return { draft, setDraft, error, save };
}

/**
 * What a control bound straight to the model (a menu, a checkbox) shows: the person's choice at
 * once, until the model's value changes. The inspector follows the model at a lower priority than
 * the canvas, a moment later; without this, React would put the control back to the old value in
 * between (it is controlled) and a click could look undone for a frame.
 */
function useChosen<T>(value: T): [shown: T, choose: (chosen: T) => void] {
  const [chosen, setChosen] = useState<{ value: T; over: T } | undefined>();
  // Set while rendering (React's pattern for state that follows a prop): no frame shows it stale.
  const stale = chosen !== undefined && !Object.is(chosen.over, value);
  if (stale) setChosen(undefined);
  return [
    chosen === undefined || stale ? value : chosen.value,
    (next) => setChosen({ value: next, over: value }),
  ];
}

function format(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join('\n');
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

function Field({
  label,
  error,
  children,
  id,
}: {
  label: string;
  error?: string;
  children: React.ReactNode;
  id: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  value,
  commit,
  testId,
  multiline = false,
  optional = true,
}: FieldProps<string | undefined> & { multiline?: boolean; optional?: boolean }) {
  const id = useId();
  const { draft, setDraft, error, save } = useDraft(value ?? '', (text) =>
    commit(text === '' && optional ? undefined : text),
  );
  const common = {
    id,
    value: draft,
    'aria-invalid': error !== undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    'data-testid': testId,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: save,
  };
  return (
    <Field label={label} error={error} id={id}>
      {multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        <input {...common} onKeyDown={(e) => e.key === 'Enter' && save()} />
      )}
    </Field>
  );
}

export function NumberField({ label, value, commit, testId }: FieldProps<number | undefined>) {
  const id = useId();
  const { draft, setDraft, error, save } = useDraft(format(value), (text) => {
    const n = text.trim() === '' ? undefined : Number(text);
    return n !== undefined && !Number.isFinite(n) ? ['Enter a number.'] : commit(n);
  });
  return (
    <Field label={label} error={error} id={id}>
      <input
        id={id}
        inputMode="numeric"
        value={draft}
        aria-invalid={error !== undefined}
        data-testid={testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => e.key === 'Enter' && save()}
      />
    </Field>
  );
}

/** A choice whose stored value (an element's id) is not what a person reads (its name). */
export interface Choice {
  value: string;
  label: string;
}

export function SelectField({
  label,
  value,
  options,
  commit,
  testId,
}: FieldProps<string | undefined> & { options: readonly (string | Choice)[] }) {
  const id = useId();
  const [error, setError] = useState<string | undefined>();
  const [shown, choose] = useChosen(value);
  const choices = options.map((option) =>
    typeof option === 'string' ? { value: option, label: option } : option,
  );
  return (
    <Field label={label} error={error} id={id}>
      <select
        id={id}
        value={shown ?? ''}
        data-testid={testId}
        onChange={(e) => {
          const next = e.target.value === '' ? undefined : e.target.value;
          const errors = commit(next);
          if (errors.length === 0) choose(next);
          setError(errors[0]);
        }}
      >
        <option value="">—</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckField({ label, value, commit }: FieldProps<boolean | undefined>) {
  const id = useId();
  const [shown, choose] = useChosen(value === true);
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={shown}
        onChange={(e) => {
          const next = e.target.checked;
          if (commit(next).length === 0) choose(next);
        }}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** One item per line. */
export function ListField({ label, value, commit, testId }: FieldProps<string[] | undefined>) {
  const id = useId();
  const { draft, setDraft, error, save } = useDraft(format(value), (text) => {
    const items = text
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    return commit(items.length === 0 ? undefined : items);
  });
  return (
    <Field label={`${label} (one per line)`} error={error} id={id}>
      <textarea
        id={id}
        rows={3}
        value={draft}
        data-testid={testId}
        aria-invalid={error !== undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={save}
      />
    </Field>
  );
}

/** A JSON value (a JSON Schema, say): checked as JSON before it reaches the model. */
export function JsonField({ label, value, commit, testId }: FieldProps<unknown>) {
  const id = useId();
  const { draft, setDraft, error, save } = useDraft(format(value), (text) => {
    if (text.trim() === '') return commit(undefined);
    try {
      return commit(JSON.parse(text));
    } catch (e) {
      return [`Not valid JSON: ${(e as Error).message}`];
    }
  });
  return (
    <Field label={label} error={error} id={id}>
      <textarea
        id={id}
        rows={4}
        className="mono"
        value={draft}
        data-testid={testId}
        aria-invalid={error !== undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={save}
      />
    </Field>
  );
}

/**
 * Environment variables, one `NAME=value` per line as in a `.env` file. A line without `=` is
 * marked with its number and nothing is saved.
 */
export function EnvField({ label, value, commit }: FieldProps<Record<string, string> | undefined>) {
  const id = useId();
  const { draft, setDraft, error, save } = useDraft(formatEnv(value), (text) => {
    const parsed = parseEnv(text);
    if (typeof parsed === 'string') return [parsed];
    return commit(Object.keys(parsed).length === 0 ? undefined : parsed);
  });
  return (
    <Field label={`${label} (NAME=value, one per line)`} error={error} id={id}>
      <textarea
        id={id}
        rows={3}
        className="mono"
        value={draft}
        spellCheck={false}
        aria-invalid={error !== undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={save}
      />
    </Field>
  );
}

function formatEnv(env: Record<string, string> | undefined): string {
  return Object.entries(env ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
}

/** `NAME=value` lines to an object, or a sentence naming the first bad line. */
export function parseEnv(text: string): Record<string, string> | string {
  const env: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return `Line ${i + 1}: expected NAME=value, got "${line.slice(0, 40)}".`;
    const name = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return `Line ${i + 1}: "${name}" is not a variable name.`;
    if (name in env) return `Line ${i + 1}: ${name} is set twice.`;
    env[name] = line.slice(eq + 1).trim();
  }
  return env;
}

export type Autoscale = NonNullable<Runtime['autoscale']>;

/**
 * Horizontal autoscaling: off, or minimum and maximum replicas and a CPU target. Turning it on
 * starts from the service's replicas so the first step is already a valid model.
 */
export function AutoscaleFields({
  value,
  replicas,
  commit,
}: {
  value: Autoscale | undefined;
  replicas: number | undefined;
  commit: (value: Autoscale | undefined) => string[];
}) {
  const id = useId();
  const [error, setError] = useState<string | undefined>();
  const [scaling, choose] = useChosen(value !== undefined);
  const update = (patch: Partial<Autoscale>) => {
    if (value === undefined) return [];
    const next = { ...value, ...patch };
    if (next.min > next.max) return ['Minimum replicas must not exceed the maximum.'];
    const errors = commit(next);
    setError(errors[0]);
    return errors;
  };
  return (
    <fieldset className="autoscale">
      <legend>Autoscale</legend>
      <div className="field field-check">
        <input
          id={id}
          type="checkbox"
          checked={scaling}
          onChange={(e) => {
            const min = Math.max(1, replicas ?? 2);
            const next = e.target.checked;
            const errors = commit(next ? { min, max: Math.max(min * 2, 4), cpuPercent: 70 } : undefined);
            if (errors.length === 0) choose(next);
            setError(errors[0]);
          }}
        />
        <label htmlFor={id}>Scale on CPU</label>
      </div>
      {value !== undefined ? (
        <>
          <NumberField
            label="Minimum replicas"
            value={value.min}
            commit={(min) => (min === undefined ? ['Minimum replicas is required.'] : update({ min }))}
          />
          <NumberField
            label="Maximum replicas"
            value={value.max}
            commit={(max) => (max === undefined ? ['Maximum replicas is required.'] : update({ max }))}
          />
          <NumberField
            label="Target CPU %"
            value={value.cpuPercent}
            commit={(cpuPercent) =>
              cpuPercent === undefined ? ['Target CPU is required.'] : update({ cpuPercent })
            }
          />
        </>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
