/** A minimal ReactiveControllerHost for testing controllers without an element. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Records controllers and counts update requests, like a LitElement would. */
export class TestHost implements ReactiveControllerHost {
  readonly controllers = new Set<ReactiveController>();
  updates = 0;

  addController(controller: ReactiveController): void {
    this.controllers.add(controller);
    if (this.connected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.controllers.delete(controller);
  }

  /** Called on every requestUpdate, to observe intermediate states. */
  onUpdate: (() => void) | undefined;

  requestUpdate(): void {
    this.updates++;
    this.onUpdate?.();
  }

  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }

  connected = false;

  /** Plays the host's connectedCallback. */
  connect(): void {
    this.connected = true;
    for (const c of this.controllers) c.hostConnected?.();
  }

  /** Plays the host's disconnectedCallback. */
  disconnect(): void {
    this.connected = false;
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}

/** The loopback servers the runner started. */
export function testServers(): { serverUrl: string; livekitServerUrl: string } {
  return (window as unknown as { CCW_TEST: { serverUrl: string; livekitServerUrl: string } }).CCW_TEST;
}

/** A committed audio fixture, fetched from the dev server. */
export async function fixture(name: 'speech.wav' | 'silence.wav'): Promise<Blob> {
  const response = await fetch(new URL(`../../fixtures/${name}`, import.meta.url));
  if (!response.ok) throw new Error(`fixture ${name}: ${response.status}`);
  return new Blob([await response.arrayBuffer()], { type: 'audio/wav' });
}
