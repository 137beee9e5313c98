// Compiled by `npm run build:types`: the wire contract's types as the published widget declares them
// (widget/dist/types/protocol.d.ts, written out from the schemas) against the types zod infers from the same
// schemas (protocol/src). Answers must be the same type both ways; for requests, everything the published
// type lets a site send must be accepted by the server's schema.
import type * as Published from '../dist/types/protocol.js';
import type * as Wire from '@call-center-widget/protocol';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Accepted<Sent, Schema> = [Sent] extends [Schema] ? true : false;

export const answers: Record<string, true> = {
  Persona: true satisfies Same<Published.Persona, Wire.Persona>,
  Language: true satisfies Same<Published.Language, Wire.Language>,
  LanguageChoice: true satisfies Same<Published.LanguageChoice, Wire.LanguageChoice>,
  ErrorCode: true satisfies Same<Published.ErrorCode, Wire.ErrorCode>,
  ErrorBody: true satisfies Same<Published.ErrorBody, Wire.ErrorBody>,
  Health: true satisfies Same<Published.Health, Wire.Health>,
  ServerConfig: true satisfies Same<Published.ServerConfig, Wire.ServerConfig>,
  TokenResponse: true satisfies Same<Published.TokenResponse, Wire.TokenResponse>,
  StaffToken: true satisfies Same<Published.StaffToken, Wire.StaffToken>,
  ConversationResponse: true satisfies Same<Published.ConversationResponse, Wire.ConversationResponse>,
  Transcription: true satisfies Same<Published.Transcription, Wire.Transcription>,
  Synthesis: true satisfies Same<Published.Synthesis, Wire.Synthesis>,
  TurnEvent: true satisfies Same<Published.TurnEvent, Wire.TurnEvent>,
  Room: true satisfies Same<Published.Room, Wire.Room>,
  Participant: true satisfies Same<Published.Participant, Wire.Participant>,
};

export const requests: Record<string, true> = {
  ConversationRequest: true satisfies Accepted<Published.ConversationRequest, Wire.ConversationRequest>,
  TokenRequest: true satisfies Accepted<Published.TokenRequest, Wire.TokenRequest>,
  SynthesizeRequest: true satisfies Accepted<Published.SynthesizeRequest, Wire.SynthesizeRequest>,
  CreateRoomRequest: true satisfies Accepted<Published.CreateRoomRequest, Wire.CreateRoomRequest>,
  MuteRequest: true satisfies Accepted<Published.MuteRequest, Wire.MuteRequest>,
  StaffTokenRequest: true satisfies Accepted<Published.StaffTokenRequest, Wire.StaffTokenRequest>,
};
