/** A minimal ReactiveControllerHost for controller tests: counts updates, connects and disconnects on demand. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Stands in for the element: records requestUpdate() calls and drives the controllers' lifecycle. */
export class TestHost implements ReactiveControllerHost {
  readonly controllers = new Set<ReactiveController>();
  updates = 0;
  readonly updateComplete = Promise.resolve(true);

  addController(controller: ReactiveController): void {
    this.controllers.add(controller);
  }

  removeController(controller: ReactiveController): void {
    this.controllers.delete(controller);
  }

  requestUpdate(): void {
    this.updates++;
  }

  /** Calls hostConnected on every controller, as an element does when inserted. */
  connect(): void {
    for (const controller of this.controllers) controller.hostConnected?.();
  }

  /** Calls hostDisconnected on every controller, as an element does when removed. */
  disconnect(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }
}

/** The worklet's source file, served (transpiled) by the test runner's dev server. */
export const WORKLET_URL = new URL('../../../src/worklet/vad-processor.ts', import.meta.url);

/** The loopback server the runner started. */
export function serverUrl(): string {
  return (window as unknown as { CCW_TEST: { serverUrl: string } }).CCW_TEST.serverUrl;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
