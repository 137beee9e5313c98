/**
 * The wire contract of call-center-widget: every request and answer of the server's API as a zod schema, with
 * its TypeScript type inferred from it. The server validates with the schemas and publishes them as OpenAPI;
 * the widget imports the types only (`import type`), so no schema code reaches a customer's browser.
 */
export * from './common.ts';
export * from './errors.ts';
export * from './info.ts';
export * from './room.ts';
export * from './admin.ts';
export * from './conversation.ts';
export * from './turn-events.ts';
export * from './issues.ts';
export { ConversationId } from './fields.ts';
export * from './agent.ts';
export * from './tickets.ts';
export * from './staff.ts';
export * from './desk.ts';
