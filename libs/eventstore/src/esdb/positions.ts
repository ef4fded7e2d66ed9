import { START, type Position as ClientPosition, type ReadPosition } from '@eventstore/db-client';
import { START_POSITION, type Position } from '../port';

/**
 * The port's position is the event's commit position in the transaction log. Events written
 * through the gRPC API are committed one by one (no explicit transactions), so each has its
 * own commit position and its prepare position equals it: `{ commit: p, prepare: p }` names
 * the event exactly. (Events written by legacy TCP clients in explicit transactions share a
 * commit position; jobledger never writes those and does not read them back precisely.)
 */
export const toClientPosition = (position: Position): ReadPosition =>
  position <= START_POSITION ? START : { commit: position, prepare: position };

export const fromClientPosition = (position: ClientPosition): Position => position.commit;
