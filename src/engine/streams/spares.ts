/**
 * Spare pieces and in-flight records for the hot path. A lane's batch (a
 * Piece) and its running invocation (an InFlight) live from the invoke to the
 * end of the rule that settles them: at 1,000 records/s that is millions of
 * short-lived objects an hour, most of the run's garbage. Settled ones come
 * back here and the next batch reuses them (and the piece's record array).
 *
 * Never part of a state: a saved state copies its lanes (copyStreamState), so
 * nothing saved or restored refers to an object after it is released, and
 * which object a lane gets changes no result.
 */
import type { BatchTrigger } from '../types';
import { notConstant } from '../shape';
import type { InFlight, Piece, TumblingWindow } from './state';

/** More spares than lanes in flight at once are not worth keeping. */
const MAX_SPARES = 4096;
const PIECES: Piece[] = [];
const FLIGHTS: InFlight[] = [];

/**
 * A piece whose `recs` the caller fills: it may hold a released piece's
 * records (reused, so that filling it allocates nothing): write entries from
 * 0 on, then set its length.
 */
export function takePiece(
  trigger: BatchTrigger,
  window: TumblingWindow | null,
  final: boolean,
): Piece {
  const p = PIECES.pop();
  if (p === undefined) {
    const piece: Piece = {
      recs: [],
      retries: 0,
      invokes: 0,
      throttles: 0,
      trigger,
      lastFailure: null,
      window,
      final,
    };
    // A piece's records are replaced when a compaction renumbers them (../shape.ts notConstant).
    return notConstant(piece, ['recs']);
  }
  p.retries = 0;
  p.invokes = 0;
  p.throttles = 0;
  p.trigger = trigger;
  p.lastFailure = null;
  p.window = window;
  p.final = final;
  return p;
}

/** A piece no lane holds any more (its record array goes with it). */
export function releasePiece(p: Piece): void {
  if (PIECES.length < MAX_SPARES) PIECES.push(p);
}

/** An in-flight record for an invocation (every field is the caller's to set). */
export function takeFlight(): InFlight {
  const spare = FLIGHTS.pop();
  if (spare !== undefined) return spare;
  const flight: InFlight = {
    n: 0,
    start: 0,
    end: 0,
    timeoutAt: 0,
    result: 'success',
    reported: [],
    honoured: [],
  };
  // Its lists are replaced when a compaction renumbers them (../shape.ts notConstant).
  return notConstant(flight, ['reported', 'honoured']);
}

/** An invocation's in-flight record once its rule has run. */
export function releaseFlight(f: InFlight): void {
  if (FLIGHTS.length < MAX_SPARES) FLIGHTS.push(f);
}
