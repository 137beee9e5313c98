/**
 * The ESM entry (for bundlers): the element class, its events and types, `defineCallCenterWidget`, and the
 * pre-load queue. Importing it defines <call-center-widget> (guarded) and takes over `window.CallCenterWidget`.
 */
import { defineCallCenterWidget } from './define.ts';
import { installHostQueue } from './host-queue.ts';

export { CallCenterWidget } from './call-center-widget.ts';
export { defineCallCenterWidget, DEFAULT_TAG } from './define.ts';
export { installHostQueue, type HostCommand, type HostMethod, type HostQueue, type HostWidget } from './host-queue.ts';
export { registerTranslation } from './i18n/localize.ts';
export type { Translation } from './i18n/translation.ts';
export type { CallState, ChatEntry, Notice, WidgetErrorCode } from './types.ts';
export type { ErrorCode, Language, Persona, ServerConfig, TurnEvent } from '@call-center-widget/protocol';
export * from './events/index.ts';

defineCallCenterWidget();
installHostQueue();
