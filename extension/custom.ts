// Typed calls of the adapter's custom requests (debug-adapter/custom-requests.ts is the contract
// both sides import). A request the adapter does not answer yet comes back as "not available",
// a state the views show plainly, never as an error.

import type * as vscode from 'vscode';
import {
  CUSTOM_REQUESTS,
  type MicrobenchArgs, type MicrobenchBody, type Stage2MapArgs, type Stage2MapBody, type Stage2WalkArgs, type Stage2WalkBody,
  type TimelineArgs, type TimelineBody, type VgicStateArgs, type VgicStateBody, type WorldInfoBody,
} from '../debug-adapter/custom-requests';

export { CUSTOM_REQUESTS };

/** Request name → [arguments, response body]. */
export interface CustomRequestTypes {
  'armvirt/stage2Map': [Stage2MapArgs, Stage2MapBody];
  'armvirt/stage2Walk': [Stage2WalkArgs, Stage2WalkBody];
  'armvirt/vgicState': [VgicStateArgs, VgicStateBody];
  'armvirt/timeline': [TimelineArgs, TimelineBody];
  'armvirt/microbench': [MicrobenchArgs, MicrobenchBody];
  'armvirt/worldInfo': [Record<string, never>, WorldInfoBody];
  /**
   * Not in the contract yet: run back (reverse execution) to an event of the timeline. The
   * timeline offers it and degrades to a note while the adapter does not answer it.
   */
  'armvirt/reverseTo': [{ cpu: number; cycle: number; icount: number }, Record<string, unknown>];
}
export type CustomRequestName = keyof CustomRequestTypes;

export type CustomResult<T> =
  | { state: 'ok'; body: T }
  /** The adapter does not implement the request (yet), or the session is gone. */
  | { state: 'unavailable'; message: string }
  /** The adapter answered with an error (e.g. "the target is running: pause it first"). */
  | { state: 'error'; message: string };

/** What an adapter answers for a request it has no handler for (@vscode/debugadapter: 1014 "unrecognized request"). */
const UNAVAILABLE = /unrecognized request|unknown request|not (yet )?(available|implemented|supported)|\bnot\b[^.]*\byet\b|no debug session|session .*(ended|terminated)/i;

/** The only session-like thing a view needs: lets tests pass a fake. */
export interface RequestTarget { customRequest(command: string, args?: unknown): Thenable<unknown> }

export async function customRequest<K extends CustomRequestName>(
  session: RequestTarget | undefined, name: K, args: CustomRequestTypes[K][0],
): Promise<CustomResult<CustomRequestTypes[K][1]>> {
  if (!session) return { state: 'unavailable', message: 'no armvirt debug session' };
  try {
    const body = await session.customRequest(name, args);
    if (body === undefined || body === null || typeof body !== 'object') return { state: 'unavailable', message: `${name} returned no data` };
    return { state: 'ok', body: body as CustomRequestTypes[K][1] };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return UNAVAILABLE.test(message) ? { state: 'unavailable', message: `the debug adapter does not answer ${name} yet (${message})` } : { state: 'error', message };
  }
}

/** The armvirt session the views follow: the active one if it is ours. */
export function armvirtSession(v: typeof vscode): vscode.DebugSession | undefined {
  const s = v.debug.activeDebugSession;
  return s && s.type === 'armvirt' ? s : undefined;
}
