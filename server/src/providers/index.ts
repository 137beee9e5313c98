/** Chooses and builds one provider per capability from configuration (`openai`, `local`, or `auto`). */
import { resolveProvider, type Config } from '../config.ts';
import { LocalChat } from './local/local-chat.ts';
import { LocalTts } from './local/local-tts.ts';
import { customerPhrases, exampleRequests, speechCorpus } from './local/persona-engine.ts';
import { PocketsphinxStt } from './local/pocketsphinx-stt.ts';
import { createOpenAIClient } from './openai/client.ts';
import { OpenAIChat } from './openai/openai-chat.ts';
import { OpenAIStt } from './openai/openai-stt.ts';
import { OpenAITts } from './openai/openai-tts.ts';
import type { Providers } from './types.ts';

/** Builds the providers and probes the local engines once, so capabilities are known before serving. */
export async function createProviders(config: Config): Promise<Providers> {
  const key = config.openai.apiKey;
  const choice = {
    stt: resolveProvider(config.providers.stt, key),
    tts: resolveProvider(config.providers.tts, key),
    chat: resolveProvider(config.providers.chat, key),
  };
  const client = Object.values(choice).includes('openai') ? createOpenAIClient(config.openai) : undefined;

  const stt =
    choice.stt === 'openai' && client
      ? new OpenAIStt(client, config.openai.sttModel)
      : new PocketsphinxStt({
          binaryPath: config.local.pocketsphinxPath,
          modelDir: config.local.pocketsphinxModelDir,
          corpus: speechCorpus(),
          phrases: customerPhrases(),
          examples: exampleRequests,
        });
  const tts = choice.tts === 'openai' && client ? new OpenAITts(client, config.openai.ttsModel) : new LocalTts({ espeakPath: config.local.espeakPath });
  const chat = choice.chat === 'openai' && client ? new OpenAIChat(client, config.openai.chatModel) : new LocalChat();

  await Promise.all([stt instanceof PocketsphinxStt ? stt.init() : undefined, tts instanceof LocalTts ? tts.init() : undefined]);
  return { stt, tts, chat };
}
