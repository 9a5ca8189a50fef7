/**
 * Opening a workspace: its `segmenta.yaml` read and validated, its store opened and brought up to
 * date. The entry point of the library (`import { openWorkspace } from 'segmenta'`).
 */
import { loadWorkspace } from './workspace/load.js';
import { WorkspaceInvalid } from './workspace/diagnostics.js';
import type { Workspace } from './workspace/types.js';
import { openStore } from './store/open-store.js';
import { ensureSchema } from './store/schema.js';
import type { Store } from './store/store.js';

export { WorkspaceInvalid };

export interface OpenWorkspace {
  readonly workspace: Workspace;
  readonly store: Store;
  close(): Promise<void>;
}

export async function openWorkspace(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<OpenWorkspace> {
  const loaded = await loadWorkspace(dir, env);
  if (loaded.workspace === undefined || loaded.diagnostics.length > 0) throw new WorkspaceInvalid(loaded.diagnostics, loaded.source);
  const workspace = loaded.workspace;
  const store = await openStore(workspace, env);
  try {
    await ensureSchema(store, workspace);
  } catch (error) {
    await store.close();
    throw error;
  }
  return { workspace, store, close: () => store.close() };
}
