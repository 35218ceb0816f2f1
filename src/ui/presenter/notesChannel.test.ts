import { describe, expect, it } from 'vitest';
import { parseMessage } from './notesChannel';

describe('teacher-notes messages', () => {
  it('accepts hello, known commands and a well-formed state', () => {
    expect(parseMessage({ type: 'hello' })).toEqual({ type: 'hello' });
    expect(parseMessage({ type: 'command', command: 'step' })).toEqual({
      type: 'command',
      command: 'step',
    });
    const m = parseMessage({
      type: 'state',
      state: {
        lesson: { title: 'Blocked shard', narration: 'Look at shard 0', next: null, step: 2 },
        narration: 'Shard 0 is blocked',
        scenario: 'Kinesis',
        status: 'paused',
        t: 12.5,
        speed: 2,
        presenter: true,
      },
    });
    expect(m?.type === 'state' && m.state.lesson?.step).toBe(2);
  });
  it('drops anything else, and repairs a state with bad fields', () => {
    expect(parseMessage(null)).toBeNull();
    expect(parseMessage('hello')).toBeNull();
    expect(parseMessage({ type: 'command', command: 'rm -rf' })).toBeNull();
    const m = parseMessage({ type: 'state', state: { status: 'flying', t: Number.NaN } });
    expect(m).toEqual({
      type: 'state',
      state: {
        lesson: null,
        narration: '',
        scenario: null,
        status: 'loading',
        t: 0,
        speed: 1,
        presenter: false,
      },
    });
  });
});
