import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { optimizerSlotNames } from './optimizer-slots.js';

const slotsOf = (optimizer: Record<string, unknown>) =>
  optimizerSlotNames(parseConfig({ optimizer: { learningRate: 0.1, ...optimizer } }).optimizer);

describe('optimizerSlotNames', () => {
  it.each([
    [{ type: 'sgd' }, []],
    [{ type: 'sgd', momentum: 0.9 }, ['momentum']],
    [{ type: 'adam' }, ['m', 'v']],
    [{ type: 'adam', amsgrad: true }, ['m', 'v', 'vMax']],
    [{ type: 'rmsprop' }, ['squareAverage']],
    [{ type: 'rmsprop', centered: true }, ['squareAverage', 'gradAverage']],
    [{ type: 'rmsprop', momentum: 0.5 }, ['squareAverage', 'momentum']],
    [{ type: 'rmsprop', centered: true, momentum: 0.5 }, ['squareAverage', 'gradAverage', 'momentum']],
    [{ type: 'adagrad' }, ['sum']],
  ])('%j → %j', (optimizer, expected) => {
    expect(slotsOf(optimizer)).toEqual(expected);
  });
});
