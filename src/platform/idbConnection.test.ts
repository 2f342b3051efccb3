import { describe, expect, it } from 'vitest';
import { isClosedConnection } from './idbConnection';

describe('isClosedConnection', () => {
  it('takes the ways the browser cuts an operation off when the database is deleted under it', () => {
    expect(isClosedConnection(new DOMException('The database connection is closing.', 'InvalidStateError'))).toBe(true);
    expect(isClosedConnection(new DOMException('The connection was closed.', 'AbortError'))).toBe(true);
    // Chromium's, when site data is cleared with the tab open, under whatever name it gives it.
    expect(isClosedConnection(new DOMException('Connection is closing because of: Force close delete origin', 'UnknownError'))).toBe(true);
  });

  it('leaves other failures to the caller: they are not fixed by opening again', () => {
    expect(isClosedConnection(new DOMException('Quota exceeded.', 'QuotaExceededError'))).toBe(false);
    expect(isClosedConnection(new DOMException('Data provided to an operation does not meet requirements.', 'DataError'))).toBe(false);
    expect(isClosedConnection(new Error('The connection was closed.'))).toBe(false);
  });
});
