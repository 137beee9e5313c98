/**
 * The ESM entry (for bundlers): the element class, its events and types, `defineCallCenterWidget`, and the
 * pre-load queue. Importing it defines <call-center-widget> (guarded) and takes over `window.CallCenterWidget`.
 */
import { defineCallCenterWidget } from './define.ts';
import { installHostQueue } from './host-queue.ts';

export { CallCenterWidget, type CallState } from './call-center-widget.ts';
export { defineCallCenterWidget, DEFAULT_TAG } from './define.ts';
export { installHostQueue, type HostCommand, type HostMethod, type HostQueue, type HostWidget } from './host-queue.ts';
export { registerTranslation } from './i18n/localize.ts';
export type { Translation } from './i18n/translation.ts';
export type { Notice } from './session/notices.ts';
export type { ChatEntry } from './controllers/conversation-controller.ts';
export type { Persona, ServerConfig, TurnEvent } from './api/types.ts';
export * from './events/index.ts';

defineCallCenterWidget();
installHostQueue();
