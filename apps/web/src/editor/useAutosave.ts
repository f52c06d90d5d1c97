import { useCallback, useEffect, useRef } from 'react';
import { ApiError, api } from '../api/client.js';
import { clearPendingEdit, keepPendingEdit, updateKnown } from '../api/local.js';
import { useFindings } from '../problems/findings.js';
import { useEditor } from '../store/editor.js';

/**
 * Saves every change to the server with If-Match, debounced. While offline, changes are kept in
 * localStorage and sent when the connection is back; when someone saved first (412) the status is
 * `conflict` and the user chooses.
 */
export function useAutosave(
  id: string,
  token: string,
  revision: React.MutableRefObject<number>,
  delay = 500,
) {
  const version = useEditor((s) => s.version);
  const saving = useRef(false);
  const again = useRef(false);

  const save = useCallback(async () => {
    const { model } = useEditor.getState();
    if (model === undefined) return;
    if (saving.current) {
      again.current = true;
      return;
    }
    saving.current = true;
    useEditor.getState().setSaveStatus('saving');
    keepPendingEdit(id, model, revision.current);
    try {
      revision.current = await api.put(id, token, model, revision.current);
      if (useEditor.getState().model === model) {
        clearPendingEdit(id);
        useEditor.getState().setSaveStatus('saved');
      }
      const findings = useFindings.getState().findings;
      updateKnown(id, {
        name: model.name,
        updatedAt: new Date().toISOString(),
        counts: {
          error: findings.filter((f) => f.severity === 'error').length,
          warning: findings.filter((f) => f.severity === 'warning').length,
          info: findings.filter((f) => f.severity === 'info').length,
        },
      });
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 412)
        useEditor.getState().setSaveStatus('conflict');
      else if (error instanceof ApiError) {
        useEditor.getState().setSaveStatus('error');
        useEditor.getState().say(`Not saved: ${error.message}`);
      } else useEditor.getState().setSaveStatus('offline');
    } finally {
      saving.current = false;
      if (again.current) {
        again.current = false;
        void save();
      }
    }
  }, [id, token, revision]);

  useEffect(() => {
    if (version === 0) return;
    if (useEditor.getState().saveStatus !== 'conflict') useEditor.getState().setSaveStatus('unsaved');
    const timer = setTimeout(() => {
      if (useEditor.getState().saveStatus !== 'conflict') void save();
    }, delay);
    return () => clearTimeout(timer);
  }, [version, save, delay]);

  // Back online: send what was kept.
  useEffect(() => {
    const retry = () => {
      if (useEditor.getState().saveStatus === 'offline') void save();
    };
    window.addEventListener('online', retry);
    const timer = setInterval(retry, 5000);
    return () => {
      window.removeEventListener('online', retry);
      clearInterval(timer);
    };
  }, [save]);

  return {
    /** Conflict: take the server's revision. */
    async loadTheirs() {
      const current = await api.get(id, token);
      revision.current = current.revision;
      clearPendingEdit(id);
      useEditor.getState().load(current.model);
    },
    /** Conflict: store mine as a new revision on top of theirs. */
    async keepMine() {
      const { model } = useEditor.getState();
      if (model === undefined) return;
      revision.current = await api.put(id, token, model, '*');
      clearPendingEdit(id);
      useEditor.getState().setSaveStatus('saved');
    },
  };
}
