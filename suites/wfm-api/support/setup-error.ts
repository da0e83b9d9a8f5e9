import type { HttpExchange } from '../../../core/results/model.js';

/** A set-up step on the subject went wrong (not the thing under test): dependent requirements are `error`. */
export class SetupError extends Error {
  readonly exchange: HttpExchange | undefined;
  constructor(message: string, exchange?: HttpExchange) {
    super(message);
    this.name = 'SetupError';
    this.exchange = exchange;
  }
}
