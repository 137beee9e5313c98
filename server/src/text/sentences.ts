/**
 * Cuts a streamed reply into sentences as it arrives, so synthesis of sentence 1 starts while the chat model
 * is still writing sentence 2.
 */

// A sentence ends at . ! ? … or the Arabic question mark, followed by white space (or a newline on its own).
// "9.99", "e.g." inside a word, and URLs do not end a sentence because no white space follows the dot.
const BOUNDARY = /([.!?…؟]+["'”’)\]]*)\s+|\n+/g;
const ABBREVIATIONS = new Set(['mr.', 'mrs.', 'ms.', 'dr.', 'st.', 'vs.', 'etc.', 'e.g.', 'i.e.', 'no.', 'approx.']);

/** Options of the splitter. */
export interface SentenceSplitterOptions {
  /** Shorter pieces wait to join the next sentence ("Sure." alone is a waste of a synthesis round trip). */
  readonly minChars?: number;
}

/** Accumulates deltas and hands out complete sentences. */
export class SentenceSplitter {
  private buffer = '';
  private readonly minChars: number;

  constructor(options: SentenceSplitterOptions = {}) {
    this.minChars = options.minChars ?? 12;
  }

  /** Adds streamed text; returns the sentences it completed, trimmed, in order. */
  push(delta: string): string[] {
    this.buffer += delta;
    const sentences: string[] = [];
    let start = 0;
    BOUNDARY.lastIndex = 0;
    for (let match = BOUNDARY.exec(this.buffer); match; match = BOUNDARY.exec(this.buffer)) {
      const end = match.index + (match[1]?.length ?? 0);
      const candidate = this.buffer.slice(start, end).trim();
      const lastWord = candidate.split(/\s+/).pop()?.toLowerCase() ?? '';
      if (candidate.length < this.minChars || ABBREVIATIONS.has(lastWord)) continue;
      sentences.push(candidate);
      start = BOUNDARY.lastIndex;
    }
    this.buffer = this.buffer.slice(start);
    return sentences;
  }

  /** Whatever is left when the stream ends (a last sentence without final punctuation). */
  flush(): string | undefined {
    const rest = this.buffer.trim();
    this.buffer = '';
    return rest === '' ? undefined : rest;
  }
}
