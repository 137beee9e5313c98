/**
 * Whose work a local engine is doing: the client address of the request that asked, carried with the request's
 * async context (AsyncLocalStorage), so the engines' queues can take turns between clients without every provider
 * method passing it along. Work outside a request (the AI agent's call processes, start-up warm-ups) is nobody's
 * in particular and shares one turn.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/** Runs `work` (and everything it starts) as `client`'s. */
export function asClient<T>(client: string, work: () => T): T {
  return scope.run(client, work);
}

/** The client whose work this is ('' when none). */
export function currentClient(): string {
  return scope.getStore() ?? '';
}
