import { LIMITS } from '@meshplan/api';
import { describeDiff, diffModels } from '@meshplan/collab';
import { diffContracts } from '@meshplan/diff';
import type { Model } from '@meshplan/model';
import { count } from '@meshplan/model';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { produce } from 'immer';
import { useId, useState } from 'react';
import { ApiError, api, type RevisionInfo } from '../api/client.js';
import { applyLayout, needsLayout, placeModel, withPositionsOf } from '../layout/layout.js';
import { useEditorStore } from '../store/editor.js';
import { who } from './who.js';

/**
 * A revision as the canvas can draw it: one written before the model was first laid out has no
 * positions, so its elements take those they have now, and any still without one are placed
 * around them (nothing that has a place moves).
 */
async function drawable(revision: Model, current: Model): Promise<Model> {
  if (!needsLayout(revision)) return revision;
  const placed = withPositionsOf(revision, current);
  if (!needsLayout(placed)) return placed;
  const layout = await placeModel(placed);
  return produce(placed, (draft) => applyLayout(draft, layout));
}

const STATUS_TEXT = { approved: 'Approved', 'changes-requested': 'Changes requested' } as const;

/**
 * The model's revisions, newest first, with author, time, summary and reviews: record a decision
 * on the newest, open any one read-only, or compare one with the current model on the canvas.
 */
export function HistoryPanel({ id, token, canReview }: { id: string; token: string; canReview: boolean }) {
  const store = useEditorStore();
  const revisions = useQuery({ queryKey: ['revisions', id], queryFn: () => api.revisions(id, token) });
  const [error, setError] = useState<string | undefined>();
  const list = revisions.data ?? [];
  const onError = (e: unknown) =>
    setError(e instanceof ApiError ? (e.problem.detail ?? e.problem.title) : String(e));

  const compareTwo = async (from: number, to: number) => {
    setError(undefined);
    try {
      const [a, b] = await Promise.all([api.revision(id, token, from), api.revision(id, token, to)]);
      const current = store.getState().content;
      store
        .getState()
        .showRevision(
          comparison(
            `Revision ${from} → ${to}`,
            await drawable(a.model, current),
            await drawable(b.model, current),
          ),
        );
    } catch (e) {
      onError(e);
    }
  };

  const show = async (revision: RevisionInfo, compare: boolean) => {
    setError(undefined);
    try {
      const current = store.getState().content;
      const before = await drawable((await api.revision(id, token, revision.number)).model, current);
      if (!compare) {
        store.getState().showRevision({
          title: `Revision ${revision.number}, read-only`,
          model: before,
          revision: revision.number,
        });
        return;
      }
      store.getState().showRevision(comparison(`Revision ${revision.number} → now`, before, current));
    } catch (e) {
      onError(e);
    }
  };

  return (
    <section className="panel history" aria-label="History" data-testid="history">
      <header>
        <h2>History</h2>
      </header>
      {canReview && list[0] !== undefined ? (
        <ReviewForm id={id} token={token} revision={list[0].number} onError={onError} />
      ) : null}
      {list.length >= 2 ? <CompareForm revisions={list} onCompare={(a, b) => void compareTwo(a, b)} /> : null}
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <ol className="revisions">
        {list.map((revision, i) => (
          <li key={revision.number} className="revision" data-testid="revision">
            <div>
              <strong>#{revision.number}</strong> {who(revision.author, revision.role)}{' '}
              <span className="muted">{new Date(revision.createdAt).toLocaleString()}</span>
            </div>
            {revision.summary ? <div className="muted">{revision.summary}</div> : null}
            {revision.reviews.map((review) => (
              <div
                key={`${review.author}:${review.role}:${review.createdAt}`}
                className={`review review-${review.status}`}
                data-testid="review"
              >
                {STATUS_TEXT[review.status]} by {who(review.author, review.role)}
                {review.acknowledgedBreaking === undefined
                  ? ''
                  : `, acknowledging ${count(review.acknowledgedBreaking, 'breaking change')}`}
                {review.summary ? `: ${review.summary}` : ''}
              </div>
            ))}
            <div className="thread-actions">
              <button type="button" data-testid="revision-view" onClick={() => void show(revision, false)}>
                View
              </button>
              {i > 0 ? (
                <button
                  type="button"
                  data-testid="revision-compare"
                  onClick={() => void show(revision, true)}
                >
                  Compare with current
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Any two revisions, older first: the differences on the canvas and in words. */
function CompareForm({
  revisions,
  onCompare,
}: {
  revisions: RevisionInfo[];
  onCompare: (from: number, to: number) => void;
}) {
  const [from, setFrom] = useState(revisions[1]?.number ?? 1);
  const [to, setTo] = useState(revisions[0]?.number ?? 1);
  const fromId = useId();
  const toId = useId();
  return (
    <form
      className="compare-form"
      onSubmit={(e) => {
        e.preventDefault();
        onCompare(Math.min(from, to), Math.max(from, to));
      }}
    >
      <label htmlFor={fromId}>Compare</label>
      <select
        id={fromId}
        value={from}
        data-testid="compare-from"
        onChange={(e) => setFrom(Number(e.target.value))}
      >
        {revisions.map((r) => (
          <option key={r.number} value={r.number}>
            #{r.number}
          </option>
        ))}
      </select>
      <label htmlFor={toId}>with</label>
      <select id={toId} value={to} data-testid="compare-to" onChange={(e) => setTo(Number(e.target.value))}>
        {revisions.map((r) => (
          <option key={r.number} value={r.number}>
            #{r.number}
          </option>
        ))}
      </select>
      <button type="submit" data-testid="compare-submit">
        Compare
      </button>
    </form>
  );
}

function ReviewForm({
  id,
  token,
  revision,
  onError,
}: {
  id: string;
  token: string;
  revision: number;
  onError: (e: unknown) => void;
}) {
  const queries = useQueryClient();
  const [status, setStatus] = useState<'approved' | 'changes-requested'>('approved');
  const [summary, setSummary] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const summaryId = useId();
  // What this revision breaks against the one before: an approval must say it has seen it.
  const contracts = useQuery({
    queryKey: ['contract-diff', id, revision - 1, revision],
    queryFn: () => api.contractDiff(id, token, revision - 1, revision),
    enabled: revision > 1,
  });
  const breaking = (contracts.data?.changes ?? []).filter((change) => change.severity === 'breaking');
  const consumers = [...new Set(breaking.flatMap((change) => change.consumers))];
  const mustAcknowledge = status === 'approved' && breaking.length > 0;
  const record = useMutation({
    mutationFn: () => api.review(id, token, revision, status, summary, mustAcknowledge && acknowledged),
    onSuccess: () => {
      setSummary('');
      setAcknowledged(false);
      void queries.invalidateQueries({ queryKey: ['revisions', id] });
    },
    onError: (e) => {
      // 409: live edits folded into a newer revision break a consumer; that revision is asked about.
      if (e instanceof ApiError && e.problem.status === 409)
        void queries.invalidateQueries({ queryKey: ['revisions', id] });
      onError(e);
    },
  });
  return (
    <form
      className="new-thread"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate();
      }}
    >
      <fieldset className="plain">
        <legend>Review of revision {revision}</legend>
        <label className="field-check">
          <input
            type="radio"
            name="review-status"
            checked={status === 'approved'}
            data-testid="review-approve"
            onChange={() => setStatus('approved')}
          />
          Approve
        </label>
        <label className="field-check">
          <input
            type="radio"
            name="review-status"
            checked={status === 'changes-requested'}
            data-testid="review-request-changes"
            onChange={() => setStatus('changes-requested')}
          />
          Request changes
        </label>
      </fieldset>
      <label htmlFor={summaryId}>Summary</label>
      <textarea
        id={summaryId}
        rows={2}
        maxLength={LIMITS.reviewSummary}
        value={summary}
        data-testid="review-summary"
        onChange={(e) => setSummary(e.target.value)}
      />
      {mustAcknowledge ? (
        <label className="field-check review-acknowledge">
          <input
            type="checkbox"
            checked={acknowledged}
            data-testid="review-acknowledge"
            onChange={(e) => setAcknowledged(e.target.checked)}
          />
          Revision {revision} makes {count(breaking.length, 'breaking change')} for {consumers.join(', ')}: I
          approve it knowing that they must move
        </label>
      ) : null}
      <button
        type="submit"
        data-testid="review-submit"
        disabled={record.isPending || (mustAcknowledge && !acknowledged)}
      >
        Record decision
      </button>
    </form>
  );
}

/**
 * A revision compared with the current model: the current model plus what the revision had and
 * it has no more, every element marked, and the differences in words.
 */
function comparison(title: string, before: Model, after: Model) {
  const diff = diffModels(before, after);
  const marks = new Map<string, 'added' | 'removed' | 'changed' | 'broken'>();
  for (const item of diff.added) marks.set(item.id, 'added');
  for (const item of diff.changed) marks.set(item.id, 'changed');
  for (const item of diff.removed) marks.set(item.id, 'removed');
  const gone = new Set(diff.removed.map((item) => item.id));
  const model: Model = {
    ...after,
    contexts: [...(after.contexts ?? []), ...(before.contexts ?? []).filter((c) => gone.has(c.id))],
    nodes: [...after.nodes, ...before.nodes.filter((n) => gone.has(n.id))],
    edges: [...after.edges, ...before.edges.filter((e) => gone.has(e.id))],
  };
  const sentences = describeDiff(diff);
  // The contracts first: what the change breaks, and for whom (the same engine as meshplan diff).
  const contracts = diffContracts(before, after).changes;
  const breaking = contracts.filter((change) => change.severity === 'breaking').length;
  // Whoever a change breaks is marked too, unless the comparison already marks it otherwise.
  for (const change of contracts)
    for (const consumer of change.consumers) if (!marks.has(consumer)) marks.set(consumer, 'broken');
  return {
    title: `${title}: ${sentences.length === 0 ? 'no differences' : count(sentences.length, 'difference')}${breaking > 0 ? `, ${count(breaking, 'breaking change')}` : ''}`,
    model,
    marks,
    sentences,
    contracts,
  };
}
