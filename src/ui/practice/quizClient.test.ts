/** The quiz client without a Web Worker (as in Node): the same questions, generated on this thread. */
import { describe, expect, it } from 'vitest';
import { generateQuestion } from '../../quiz/generate';
import { createQuizClient } from './quizClient';

describe('createQuizClient (no module worker: in-thread fallback)', () => {
  it('generates the same question as the generator, and caches it', async () => {
    const client = createQuizClient();
    const q = await client.generate('fifo-peak-concurrency', 12);
    expect(q).toEqual(generateQuestion('fifo-peak-concurrency', 12));
    expect(await client.generate('fifo-peak-concurrency', 12)).toBe(q);
  });

  it('rejects with the reason for an unknown template, and retries after a failure', async () => {
    const client = createQuizClient();
    await expect(client.generate('no-such-template', 1)).rejects.toThrow(
      'There is no question template "no-such-template"',
    );
    await expect(client.generate('no-such-template', 1)).rejects.toThrow('no-such-template');
  });
});
